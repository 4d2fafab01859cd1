import CZlib
import Foundation
import PumpwatchCore
import PumpwatchSimulate
import XCTest

/// Runs scenarios into temporary folders and reads back what they wrote.
enum SimulationFixture {
    /// Outputs already written in this test run, by scenario, scale and seed, so that several
    /// tests can examine one run.
    nonisolated(unsafe) private static var cache: [String: (String, SimulationSummary)] = [:]

    /// This test process's folder under the system temporary folder, removed when the process exits.
    static let processDirectory: String = {
        let path = FileManager.default.temporaryDirectory.path + "/pumpwatch-simulate-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: SimulationFixture.processDirectory) }
        return path
    }()

    /// A new empty folder in this process's temporary folder.
    static func temporaryDirectory(_ label: String) -> String {
        let base = processDirectory
        var template = Array("\(base)/\(label)-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { buf -> String in
            guard let p = mkdtemp(buf.baseAddress!) else { return "\(base)/\(label)-\(UInt64.random(in: 0...UInt64.max))" }
            return String(cString: p)
        }
        return path
    }

    /// Writes `scenario` into a fresh folder (cached per scenario, scale, seed, start and format).
    static func run(
        _ scenario: String, scale: Double = 1, seed: UInt64 = 1, startMillis: Int64 = SimulationOptions.defaultStartMillis,
        format: CloudTrailOutputFormat = .jsonGzip, cached: Bool = true
    ) throws -> (dir: String, summary: SimulationSummary) {
        let key = "\(scenario)|\(scale)|\(seed)|\(startMillis)|\(format.rawValue)"
        if cached, let hit = cache[key] { return hit }
        let dir = temporaryDirectory(scenario) + "/out"
        let options = SimulationOptions(outputDirectory: dir, seed: seed, scale: scale, startMillis: startMillis, cloudTrailFormat: format)
        let summary = try Simulator.run(scenarioNamed: scenario, options: options)
        if cached { cache[key] = (dir, summary) }
        return (dir, summary)
    }

    /// Every file under `dir`, relative and sorted.
    static func files(in dir: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: dir) else { return [] }
        var out: [String] = []
        while let next = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + next, isDirectory: &isDir), !isDir.boolValue { out.append(next) }
        }
        return out.sorted()
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The gzip members of a file, each decompressed with zlib.
    static func gunzipMembers(_ compressed: [UInt8]) throws -> [[UInt8]] {
        var members: [[UInt8]] = []
        var offset = 0
        while offset < compressed.count {
            var stream = z_stream()
            guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw FixtureError("zlib would not start")
            }
            defer { inflateEnd(&stream) }
            var member: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            var rc: Int32 = Z_OK
            try compressed.withUnsafeBufferPointer { input in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + offset)
                stream.avail_in = uInt(compressed.count - offset)
                repeat {
                    let produced: Int = chunk.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = uInt(out.count)
                        rc = inflate(&stream, Z_NO_FLUSH)
                        return out.count - Int(stream.avail_out)
                    }
                    member.append(contentsOf: chunk[0..<produced])
                    if rc != Z_OK && rc != Z_STREAM_END { throw FixtureError("corrupt gzip member at byte \(offset) (zlib code \(rc))") }
                } while rc != Z_STREAM_END
                offset = compressed.count - Int(stream.avail_in)
            }
            members.append(member)
        }
        return members
    }

    static func gunzip(_ path: String) throws -> [UInt8] {
        try gunzipMembers(try bytes(path)).flatMap { $0 }
    }

    static func json(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONParser.parse(bytes)
    }

    static func lines(_ path: String) throws -> [String] {
        String(decoding: try bytes(path), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static func jsonLines(_ path: String) throws -> [JSONValue] {
        try lines(path).map { try JSONParser.parse($0) }
    }

    /// Every CloudTrail record under `dir`, from `.json.gz` or `.ndjson` files.
    static func cloudTrailRecords(_ dir: String) throws -> [JSONValue] {
        var records: [JSONValue] = []
        for file in files(in: dir) where file.hasPrefix("cloudtrail/") {
            if file.hasSuffix(".json.gz") {
                records += try json(try gunzip(dir + "/" + file))["Records"]?.arrayElements ?? []
            } else if file.hasSuffix(".ndjson") {
                records += try jsonLines(dir + "/" + file)
            }
        }
        return records
    }

    /// Every Twilio message in the Messages.json pages, page 0 first.
    static func twilioMessages(_ dir: String) throws -> [JSONValue] {
        try files(in: dir).filter { $0.hasPrefix("twilio/messages-") }.flatMap {
            try json(try bytes(dir + "/" + $0))["messages"]?.arrayElements ?? []
        }
    }

    static func twilioEvents(_ dir: String) throws -> [JSONValue] {
        try files(in: dir).filter { $0.hasPrefix("twilio/events-") }.flatMap {
            try json(try bytes(dir + "/" + $0)).arrayElements ?? []
        }
    }

    /// The CloudWatch Logs subscription documents of every Firehose object.
    static func snsDocuments(_ dir: String) throws -> [JSONValue] {
        try files(in: dir).filter { $0.hasPrefix("sns-delivery/") }.flatMap { file in
            try gunzipMembers(try bytes(dir + "/" + file)).map { try json($0) }
        }
    }

    /// The SNS delivery JSON of every log event.
    static func snsDeliveries(_ dir: String) throws -> [JSONValue] {
        try snsDocuments(dir).flatMap { doc in
            try (doc["logEvents"]?.arrayElements ?? []).map { try JSONParser.parse($0["message"]?.string ?? "") }
        }
    }

    static func falconEvents(_ dir: String) throws -> [JSONValue] {
        try files(in: dir).filter { $0.hasPrefix("falcon/") }.flatMap { try jsonLines(dir + "/" + $0) }
    }

    static func appRequests(_ dir: String) throws -> [JSONValue] {
        let path = dir + "/appinsights/AppRequests.ndjson"
        return FileManager.default.fileExists(atPath: path) ? try jsonLines(path) : []
    }

    static func accessLog(_ dir: String) throws -> [String] {
        let path = dir + "/web/access.log"
        return FileManager.default.fileExists(atPath: path) ? try lines(path) : []
    }

    static func metrics(_ dir: String) throws -> JSONValue {
        try json(try bytes(dir + "/cloudwatch/sns-metrics.json"))
    }

    /// A metric's (timestamp, value) points, in file order (newest first).
    static func metric(_ doc: JSONValue, _ label: String) -> [(Int64, Double)] {
        guard let result = doc["MetricDataResults"]?.arrayElements?.first(where: { $0["Label"]?.string == label }) else { return [] }
        let times = (result["Timestamps"]?.arrayElements ?? []).map { Timestamp.parse($0.string ?? "") ?? 0 }
        let values = (result["Values"]?.arrayElements ?? []).map { number($0) ?? .nan }
        return Array(zip(times, values))
    }

    static func number(_ v: JSONValue?) -> Double? {
        switch v {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        case .string(let s)?: return Double(s)
        default: return nil
        }
    }

    /// The time of an nginx access log line.
    static func accessLogTime(_ line: String) -> Int64? {
        guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") else { return nil }
        return Timestamp.parse(String(line[line.index(after: open)..<close]))
    }

    /// The status code of an nginx access log line.
    static func accessLogStatus(_ line: String) -> Int? {
        let afterRequest = line.split(separator: "\"")[2]
        return Int(afterRequest.split(separator: " ")[0])
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
