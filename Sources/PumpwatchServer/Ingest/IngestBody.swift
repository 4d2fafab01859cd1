import PumpwatchSources

/// Turns a request body as sent into the bytes it carries: gzip is inflated (when
/// `Content-Encoding: gzip` says so or the bytes start with the gzip magic number), held to a
/// limit so that a small body cannot inflate without end.
enum IngestBody {
    /// The decoded bytes of `body`; `contentEncoding` is the header's value, if any.
    static func decode(_ body: [UInt8], contentEncoding: String?, limit: Int) throws(IngestError) -> [UInt8] {
        let encoding = contentEncoding?.trimmingSpaces().lowercased() ?? ""
        switch encoding {
        case "", "identity":
            return GzipDecoder.hasGzipMagic(body) ? try gunzip(body, limit: limit, what: "the body") : body
        case "gzip", "x-gzip":
            return try gunzip(body, limit: limit, what: "the body")
        default:
            throw IngestError(.unsupportedEncoding, "Content-Encoding \(encoding.prefix(40)) is not supported; send gzip or no encoding")
        }
    }

    /// The inflated bytes of gzip data, at most `limit` of them.
    static func gunzip(_ bytes: [UInt8], limit: Int, what: String) throws(IngestError) -> [UInt8] {
        guard GzipDecoder.hasGzipMagic(bytes) else { throw .malformed("\(what) is not gzip data") }
        let decoder = GzipDecoder(source: MemoryByteStream(bytes), path: what, outputChunkSize: 256 << 10)
        var out: [UInt8] = []
        while true {
            let chunk: [UInt8]?
            do {
                chunk = try decoder.read()
            } catch {
                throw .malformed("\(what) is damaged gzip: \(error.reason)")
            }
            guard let chunk else { return out }
            guard out.count + chunk.count <= limit else {
                throw IngestError(.tooLarge, "\(what) inflates to more than \(limit) bytes")
            }
            out.append(contentsOf: chunk)
        }
    }
}
