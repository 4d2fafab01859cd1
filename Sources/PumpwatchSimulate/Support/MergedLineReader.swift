/// Reads several time-ordered runs of lines as one time-ordered stream.
final class MergedLineReader {
    private final class Cursor {
        let lines: BufferedFileReader
        let times: BufferedFileReader
        var head: (Int64, [UInt8])?

        init(run: TimeOrderedLineStore.Run) throws(SimulationError) {
            lines = try BufferedFileReader(path: run.linesPath)
            times = try BufferedFileReader(path: run.timesPath, capacity: 1 << 14)
            try advance()
        }

        func advance() throws(SimulationError) {
            if let t = try times.nextInt64(), let line = try lines.nextLine() {
                head = (t, line)
            } else {
                head = nil
                lines.close()
                times.close()
            }
        }
    }

    private var cursors: [Cursor]

    init(runs: [TimeOrderedLineStore.Run]) throws(SimulationError) {
        cursors = []
        for run in runs { cursors.append(try Cursor(run: run)) }
    }

    /// The next line and its time, or nil when every run is exhausted.
    func next() throws(SimulationError) -> (Int64, [UInt8])? {
        var best: Int?
        for (i, c) in cursors.enumerated() {
            guard let head = c.head else { continue }
            if let b = best, let bh = cursors[b].head, bh.0 <= head.0 { continue }
            best = i
        }
        guard let b = best, let head = cursors[b].head else { return nil }
        try cursors[b].advance()
        return head
    }
}
