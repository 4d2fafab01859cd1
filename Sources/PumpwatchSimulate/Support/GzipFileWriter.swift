import CZlib

/// Writes a gzip file through zlib's streaming deflate, one member or several back to back.
///
/// `finishMember()` ends the current gzip member; the next write starts a new one. That is how
/// Firehose objects holding CloudWatch Logs payloads look: each payload is its own gzip member.
/// The header carries no file name and a zero time, so equal input gives equal bytes.
final class GzipFileWriter: ByteSink {
    let path: String
    private let file: BufferedFileWriter
    private let stream: UnsafeMutablePointer<z_stream>
    private var input: [UInt8] = []
    private var output: [UInt8]
    private let chunk = 1 << 16
    private var memberOpen = false
    private var failure: SimulationError?
    private var closed = false
    /// Uncompressed bytes written so far.
    private(set) var uncompressedBytes: Int64 = 0

    init(path: String, level: Int32 = 6) throws(SimulationError) {
        self.path = path
        file = try BufferedFileWriter(path: path)
        output = [UInt8](repeating: 0, count: 1 << 16)
        input.reserveCapacity(chunk)
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16 asks zlib for a gzip header and trailer.
        let rc = deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        if rc != Z_OK {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw .io(path: path, reason: "zlib could not start compressing (code \(rc))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { write(bytes: UnsafeRawBufferPointer($0)) }
    }

    func write(bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        memberOpen = true
        uncompressedBytes += Int64(bytes.count)
        input.append(contentsOf: bytes)
        if input.count >= chunk { deflateInput(finish: false) }
    }

    /// Ends the current gzip member, if anything was written to it.
    func finishMember() {
        guard memberOpen else { return }
        deflateInput(finish: true)
        deflateReset(stream)
        memberOpen = false
    }

    private func deflateInput(finish: Bool) {
        guard failure == nil else { input.removeAll(keepingCapacity: true); return }
        let outCount = output.count
        input.withUnsafeMutableBytes { inBuf in
            stream.pointee.next_in = inBuf.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_in = uInt(inBuf.count)
            output.withUnsafeMutableBytes { outBuf in
                let out = outBuf.baseAddress!.assumingMemoryBound(to: Bytef.self)
                while true {
                    stream.pointee.next_out = out
                    stream.pointee.avail_out = uInt(outCount)
                    let rc = deflate(stream, finish ? Z_FINISH : Z_NO_FLUSH)
                    let produced = outCount - Int(stream.pointee.avail_out)
                    if produced > 0 { file.write(bytes: UnsafeRawBufferPointer(start: out, count: produced)) }
                    if rc == Z_STREAM_END { break }
                    if rc != Z_OK && rc != Z_BUF_ERROR {
                        failure = .io(path: path, reason: "zlib failed while compressing (code \(rc))")
                        break
                    }
                    if !finish && stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { break }
                }
            }
        }
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        input.removeAll(keepingCapacity: true)
    }

    /// Compressed bytes written so far.
    var compressedBytes: Int64 { file.bytesWritten }

    func close() throws(SimulationError) {
        guard !closed else { return }
        closed = true
        finishMember()
        try file.close()
        if let failure { throw failure }
    }
}
