/// Gathers the lines bound for shared output files and hands them back merged in time order.
///
/// Several scenarios write into the same file (`web/access.log` holds the benign week and the
/// attacks). Each appends its lines in time order, but one after the other, so the store keeps
/// every such sorted stretch (a run) in its own temporary file, with the timestamps alongside, and
/// merges the runs when the file is finished. Memory stays bounded whatever the volume: a run is
/// on disk, and merging holds one line per run.
final class TimeOrderedLineStore {
    /// One time-ordered stretch of lines on disk.
    struct Run {
        let linesPath: String
        let timesPath: String
    }

    private final class Bucket {
        var runs: [Run] = []
        var lines: BufferedFileWriter?
        var times: BufferedFileWriter?
        var lastMillis = Int64.min
        var total = 0
    }

    private let directory: String
    private var buckets: [String: Bucket] = [:]
    private var nextRun = 0
    private var failure: SimulationError?

    /// `directory` holds the temporary run files; it is created on first use.
    init(directory: String) {
        self.directory = directory
    }

    /// Appends `line` (without a newline) at time `millis` to the file named `key`.
    func append(_ line: String, at millis: Int64, to key: String) {
        let bucket: Bucket
        if let b = buckets[key] {
            bucket = b
        } else {
            bucket = Bucket()
            buckets[key] = bucket
        }
        if bucket.lines == nil || millis < bucket.lastMillis {
            closeRun(bucket)
            openRun(bucket)
        }
        guard let lines = bucket.lines, let times = bucket.times else { return }
        lines.write(line)
        lines.write("\n")
        withUnsafeBytes(of: millis.littleEndian) { times.write(bytes: $0) }
        bucket.lastMillis = millis
        bucket.total += 1
    }

    private func openRun(_ bucket: Bucket) {
        do throws(SimulationError) {
            if nextRun == 0 { try FileSystem.makeDirectories(directory) }
            let base = "\(directory)/run-\(nextRun)"
            nextRun += 1
            let run = Run(linesPath: base + ".lines", timesPath: base + ".times")
            bucket.lines = try BufferedFileWriter(path: run.linesPath)
            bucket.times = try BufferedFileWriter(path: run.timesPath, capacity: 1 << 14)
            bucket.runs.append(run)
        } catch {
            if failure == nil { failure = error }
        }
    }

    private func closeRun(_ bucket: Bucket) {
        do throws(SimulationError) {
            try bucket.lines?.close()
            try bucket.times?.close()
        } catch {
            if failure == nil { failure = error }
        }
        bucket.lines = nil
        bucket.times = nil
    }

    /// The files that received lines, sorted.
    var keys: [String] { buckets.keys.sorted() }

    /// How many lines `key` received.
    func count(of key: String) -> Int { buckets[key]?.total ?? 0 }

    /// The first error met while writing runs.
    func checkFailure() throws(SimulationError) {
        if let failure { throw failure }
    }

    /// Writes the lines of `key`, merged in time order and newline-terminated, to `path`.
    /// A single run is moved into place instead of copied.
    func writeMergedLines(of key: String, to path: String) throws(SimulationError) -> Int64 {
        try checkFailure()
        guard let bucket = buckets[key] else { return 0 }
        closeRun(bucket)
        try checkFailure()
        try FileSystem.makeDirectories(FileSystem.parent(of: path))
        if bucket.runs.count == 1 {
            try FileSystem.move(bucket.runs[0].linesPath, to: path)
            FileSystem.removeFile(bucket.runs[0].timesPath)
            bucket.runs = []
            return FileSystem.size(path)
        }
        let out = try BufferedFileWriter(path: path)
        let reader = try mergedReader(of: key)
        while let (_, line) = try reader.next() {
            out.write(line)
            out.write([0x0A])
        }
        try out.close()
        removeRuns(of: key)
        return out.bytesWritten
    }

    /// A reader over the lines of `key` in time order (ties keep the order the runs were written).
    func mergedReader(of key: String) throws(SimulationError) -> MergedLineReader {
        try checkFailure()
        guard let bucket = buckets[key] else { return try MergedLineReader(runs: []) }
        closeRun(bucket)
        try checkFailure()
        return try MergedLineReader(runs: bucket.runs)
    }

    /// Deletes the temporary files of `key`.
    func removeRuns(of key: String) {
        guard let bucket = buckets[key] else { return }
        for run in bucket.runs {
            FileSystem.removeFile(run.linesPath)
            FileSystem.removeFile(run.timesPath)
        }
        bucket.runs = []
    }

    /// Deletes every temporary file and the temporary folder.
    func removeAll() {
        for key in keys {
            if let bucket = buckets[key] { closeRun(bucket) }
            removeRuns(of: key)
        }
        FileSystem.removeEmptyDirectory(directory)
    }
}
