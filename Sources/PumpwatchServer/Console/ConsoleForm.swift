import Hummingbird

/// Reads the console's HTML form posts: `application/x-www-form-urlencoded` bodies, and whether a
/// post came from a page of this server (the cross-site request forgery check).
enum ConsoleForm {
    /// The largest form body the console reads.
    static let bodyLimit = 16 * 1024

    /// The body of a form post, at most `bodyLimit` bytes (413 past it).
    static func body(_ request: Request) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: bodyLimit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "the form is over the limit of \(bodyLimit) bytes")
        }
    }

    /// The fields of an urlencoded body; a repeated name keeps its last value. `+` is a space and
    /// `%XX` a byte; malformed escapes are kept as written and invalid UTF-8 is replaced.
    static func fields(_ body: ByteBuffer) -> [String: String] {
        var fields: [String: String] = [:]
        let bytes = body.getBytes(at: body.readerIndex, length: body.readableBytes) ?? []
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            fields[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if c == UInt8(ascii: "%"), i + 2 < bytes.endIndex, let hi = nibble(bytes[i + 1]), let lo = nibble(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(c)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Whether a post comes from this server's own pages: its `Origin` (or, without one, its
    /// `Referer`) names the host the request was sent to (`Host`, or `X-Forwarded-Host` behind a
    /// proxy). A post with neither header, or with `Origin: null`, is refused.
    static func isSameOrigin(_ request: Request) -> Bool {
        var hosts: [String] = []
        if let authority = request.head.authority { hosts.append(authority.lowercased()) }
        if let forwarded = request.headers[HTTPFields.Element.Name("X-Forwarded-Host")!] {
            if let first = forwarded.split(separator: ",").first {
                hosts.append(first.filter { $0 != " " }.lowercased())
            }
        }
        guard !hosts.isEmpty else { return false }
        let source: String
        if let origin = request.headers[.origin] {
            source = origin
        } else if let referer = request.headers[.referer] {
            source = referer
        } else {
            return false
        }
        guard let host = authority(of: source) else { return false }
        return hosts.contains(host)
    }

    /// Whether the browser reached the console over HTTPS: TLS at this server, or
    /// `X-Forwarded-Proto: https` from a proxy in front of it.
    static func isHTTPS(_ request: Request) -> Bool {
        if request.head.scheme?.lowercased() == "https" { return true }
        let forwarded = request.headers[HTTPFields.Element.Name("X-Forwarded-Proto")!]?.lowercased()
        return forwarded?.split(separator: ",").first?.filter { $0 != " " } == "https"
    }

    /// The `host[:port]` of an absolute `http` or `https` URL, lowercased.
    static func authority(of url: String) -> String? {
        let lower = url.lowercased()
        let rest: Substring
        if lower.hasPrefix("http://") {
            rest = lower.dropFirst(7)
        } else if lower.hasPrefix("https://") {
            rest = lower.dropFirst(8)
        } else {
            return nil
        }
        let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<end]
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        return String(authority)
    }
}

