import Foundation
import PumpwatchGuard

/// The bytes a guard state checkpoint is stored as, built for a state of tens of megabytes:
///
/// - the tag `PWG2`;
/// - a little-endian `UInt32` length, then the state as JSON, in which each packed table is
///   replaced by its index among the blobs that follow;
/// - for each table, a little-endian `UInt64` length and its bytes, copied as they are.
///
/// Encoding costs one copy of the tables; nothing is base64- or property-list-encoded.
enum GuardStateCodec {
    static let tag = Array("PWG2".utf8)

    /// Collects the tables while the JSON encoder visits them.
    private final class Blobs: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Data] = []

        func add(_ data: Data) -> Int {
            lock.withLock {
                items.append(data)
                return items.count - 1
            }
        }

        var all: [Data] { lock.withLock { items } }
    }

    static func encode(_ state: GuardState) throws -> Data {
        let blobs = Blobs()
        let encoder = JSONEncoder()
        encoder.dataEncodingStrategy = .custom { data, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(blobs.add(data))
        }
        let header = try encoder.encode(state)
        let tables = blobs.all
        var out = Data(capacity: tag.count + 4 + header.count + tables.reduce(0) { $0 + 8 + $1.count })
        out.append(contentsOf: tag)
        append(UInt32(header.count), to: &out)
        out.append(header)
        for table in tables {
            append(UInt64(table.count), to: &out)
            out.append(table)
        }
        return out
    }

    static func decode(_ data: Data) throws(GuardStateError) -> GuardState {
        let bytes = [UInt8](data)
        guard bytes.count >= tag.count + 4, Array(bytes[0..<tag.count]) == tag else {
            throw GuardStateError(part: "format", reason: "not a guard state checkpoint (expected the \(String(decoding: tag, as: UTF8.self)) tag)")
        }
        var offset = tag.count
        let headerLength = Int(read(UInt32.self, bytes, &offset))
        guard headerLength <= bytes.count - offset else { throw GuardStateError(part: "format", reason: "truncated header") }
        let header = Data(bytes[offset..<(offset + headerLength)])
        offset += headerLength
        var tables: [Data] = []
        while offset < bytes.count {
            guard bytes.count - offset >= 8 else { throw GuardStateError(part: "format", reason: "truncated table length at byte \(offset)") }
            let n = read(UInt64.self, bytes, &offset)
            guard n <= UInt64(bytes.count - offset) else { throw GuardStateError(part: "format", reason: "truncated table at byte \(offset)") }
            tables.append(Data(bytes[offset..<(offset + Int(n))]))
            offset += Int(n)
        }
        let decoder = JSONDecoder()
        let found = tables
        decoder.dataDecodingStrategy = .custom { decoder in
            let index = try decoder.singleValueContainer().decode(Int.self)
            guard found.indices.contains(index) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no table \(index)"))
            }
            return found[index]
        }
        do {
            return try decoder.decode(GuardState.self, from: header)
        } catch {
            throw GuardStateError(part: "format", reason: "cannot decode: \(error)")
        }
    }

    private static func append<T: FixedWidthInteger>(_ v: T, to out: inout Data) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func read<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], _ offset: inout Int) -> T {
        var v: T = 0
        for i in 0..<MemoryLayout<T>.size { v |= T(bytes[offset + i]) << (8 * i) }
        offset += MemoryLayout<T>.size
        return v
    }
}
