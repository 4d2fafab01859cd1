import CZlib

/// Inflates gzip data as a stream with zlib, member after member.
///
/// Firehose and `cat a.gz b.gz` produce several gzip members back to back; they decode as one
/// stream. Zero padding after the last member is ignored. Data that ends inside a member is
/// reported as `InputError.truncatedGzip`, damaged data as `InputError.corruptGzip`, both with
/// the compressed and decompressed offsets reached. Everything decoded before the damage is
/// returned first, so the records before it can still be read.
public final class GzipDecoder: ByteStream {
    /// True when `bytes` start with the gzip magic number `1f 8b`.
    public static func hasGzipMagic(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    private let source: ByteStream
    private let path: String
    private let outputChunkSize: Int
    private let stream: UnsafeMutablePointer<z_stream>
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var inputEnded = false
    private var compressedConsumed: Int64 = 0
    private var decompressedProduced: Int64 = 0
    /// True once any byte of the current member has been consumed.
    private var inMember = false
    private var finished = false
    private var failure: InputError?

    /// Decodes the gzip bytes of `source`; `path` names the file in errors.
    public init(source: ByteStream, path: String, outputChunkSize: Int = 1 << 20) {
        self.source = source
        self.path = path
        self.outputChunkSize = max(64, outputChunkSize)
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 16: a 32 KiB window and a gzip (not zlib) header.
        let rc = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        if rc != Z_OK {
            failure = .corruptGzip(path: path, compressedOffset: 0, decompressedOffset: 0, reason: "zlib could not start (code \(rc))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    public func read() throws(InputError) -> [UInt8]? {
        if let failure { throw failure }
        if finished { return nil }
        var produced = 0
        let capacity = outputChunkSize
        var pending: InputError?
        let out = [UInt8](unsafeUninitializedCapacity: capacity) { buf, count in
            while produced < capacity {
                if inputOffset == input.count && !inputEnded {
                    do throws(InputError) {
                        if let chunk = try source.read() {
                            input = chunk
                            inputOffset = 0
                        } else {
                            inputEnded = true
                        }
                    } catch {
                        pending = error
                        break
                    }
                    continue
                }
                if inputOffset == input.count && inputEnded {
                    if inMember {
                        pending = .truncatedGzip(path: path, compressedOffset: compressedConsumed, decompressedOffset: decompressedProduced + Int64(produced))
                    } else {
                        finished = true
                    }
                    break
                }
                if !inMember && input[inputOffset] == 0 {
                    // Zero padding after a member: skip it.
                    inputOffset += 1
                    compressedConsumed += 1
                    continue
                }
                let availableIn = input.count - inputOffset
                let availableOut = capacity - produced
                let rc: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
                    stream.pointee.next_in = inBuf.baseAddress! + inputOffset
                    stream.pointee.avail_in = uInt(availableIn)
                    stream.pointee.next_out = buf.baseAddress! + produced
                    stream.pointee.avail_out = uInt(availableOut)
                    let rc = inflate(stream, Z_NO_FLUSH)
                    stream.pointee.next_in = nil
                    stream.pointee.next_out = nil
                    return rc
                }
                let consumed = availableIn - Int(stream.pointee.avail_in)
                let written = availableOut - Int(stream.pointee.avail_out)
                inputOffset += consumed
                compressedConsumed += Int64(consumed)
                produced += written
                if consumed > 0 { inMember = true }
                switch rc {
                case Z_STREAM_END:
                    inMember = false
                    inflateReset(stream)
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress possible: zlib needs more input (or more room, handled by the loop).
                    if consumed == 0 && written == 0 && inputOffset < input.count {
                        pending = .corruptGzip(path: path, compressedOffset: compressedConsumed, decompressedOffset: decompressedProduced + Int64(produced), reason: "inflate made no progress")
                        break
                    }
                    continue
                default:
                    let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                    pending = .corruptGzip(path: path, compressedOffset: compressedConsumed, decompressedOffset: decompressedProduced + Int64(produced), reason: message)
                }
                if pending != nil { break }
            }
            count = produced
        }
        decompressedProduced += Int64(produced)
        if let pending {
            failure = pending
            if out.isEmpty { throw pending }
            return out
        }
        if out.isEmpty {
            finished = true
            return nil
        }
        return out
    }
}
