import Foundation
import NIOSSL
import PostgresNIO

/// A parsed `postgres://user:password@host:port/database?sslmode=disable` connection URL.
///
/// `postgresql://` works too. User, password and database are percent-decoded; the user defaults
/// to `$USER` and the port to 5432, as with `psql`. Query parameters:
/// - `sslmode`: `disable` (the default), `allow`/`prefer` (TLS when the server offers it, unverified),
///   `require` (TLS, unverified), `verify-ca` (TLS, certificate checked) or `verify-full` (certificate and host name checked);
/// - `search_path`: the schema pumpwatch's tables live in (created when missing);
/// - `application_name`: how the connections show in `pg_stat_activity` (default `pumpwatch`).
public struct PostgresURL: Sendable, Equatable {
    /// How the connection uses TLS.
    public enum TLSMode: String, Sendable, Equatable {
        case disable
        case prefer
        case require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    /// The database; `nil` means the server's default (the user's name).
    public var database: String?
    public var tls: TLSMode
    /// The schema to keep the tables in; `nil` means the server's default (`public`).
    public var searchPath: String?
    public var applicationName: String

    public init(
        host: String, port: Int = 5432, user: String, password: String? = nil, database: String? = nil, tls: TLSMode = .disable,
        searchPath: String? = nil, applicationName: String = "pumpwatch"
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.searchPath = searchPath
        self.applicationName = applicationName
    }

    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreURLError) {
        let text = text.trimmingWhitespace()
        guard let schemeEnd = text.range(of: "://") else {
            throw StoreURLError(part: .scheme, value: text, reason: "expected postgres://user:password@host:port/database")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw StoreURLError(part: .scheme, value: scheme, reason: "expected postgres or postgresql")
        }
        var rest = text[schemeEnd.upperBound...]
        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var authority = rest
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }

        // user:password@
        var user: String?
        var password: String?
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = try PostgresURL.decode(userInfo[..<colon], part: .user)
                password = try PostgresURL.decode(userInfo[userInfo.index(after: colon)...], part: .password)
            } else {
                user = try PostgresURL.decode(userInfo, part: .user)
            }
        }

        // host:port, [v6]:port
        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else {
                throw StoreURLError(part: .host, value: String(hostPort), reason: "an IPv6 address needs a closing ']'")
            }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw StoreURLError(part: .host, value: String(hostPort), reason: "expected ':' after ']'") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = hostPort
        }
        guard !host.isEmpty else { throw StoreURLError(part: .host, value: String(authority), reason: "missing: give a host name or address") }
        guard !host.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "@" }) else {
            throw StoreURLError(part: .host, value: String(host), reason: "not a host name or address")
        }
        var port = 5432
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else {
                throw StoreURLError(part: .port, value: String(portText), reason: "expected a number from 1 to 65535")
            }
            port = p
        }
        let resolvedUser = (user?.isEmpty == false ? user : nil) ?? environment["PGUSER"] ?? environment["USER"]
        guard let resolvedUser, !resolvedUser.isEmpty else {
            throw StoreURLError(part: .user, value: String(authority), reason: "missing: give user@host (no $USER to default to)")
        }
        let database = try PostgresURL.decode(path, part: .database)
        guard !database.contains("/") else {
            throw StoreURLError(part: .database, value: database, reason: "a database name has no '/'")
        }

        self.init(host: String(host), port: port, user: resolvedUser, password: password, database: database.isEmpty ? nil : database)

        for pair in query.split(separator: "&") where !pair.isEmpty {
            let name: String
            let value: String
            if let eq = pair.firstIndex(of: "=") {
                name = try PostgresURL.decode(pair[..<eq], part: .parameter)
                value = try PostgresURL.decode(pair[pair.index(after: eq)...], part: .parameter)
            } else {
                name = try PostgresURL.decode(pair, part: .parameter)
                value = ""
            }
            switch name {
            case "sslmode":
                switch value {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require": tls = .require
                case "verify-ca": tls = .verifyCA
                case "verify-full": tls = .verifyFull
                default:
                    throw StoreURLError(
                        part: .parameter, value: "sslmode=\(value)", reason: "expected disable, allow, prefer, require, verify-ca or verify-full")
                }
            case "search_path", "schema":
                guard !value.isEmpty, !value.contains(",") else {
                    throw StoreURLError(part: .parameter, value: "\(name)=\(value)", reason: "expected one schema name")
                }
                searchPath = value
            case "application_name":
                applicationName = value
            default:
                throw StoreURLError(part: .parameter, value: name, reason: "unknown: expected sslmode, search_path or application_name")
            }
        }
    }

    /// The URL with the password hidden, for logs and messages.
    public var redacted: String {
        var s = "postgres://\(user)\(password == nil ? "" : ":***")@"
        s += host.contains(":") ? "[\(host)]" : host
        s += ":\(port)/\(database ?? "")"
        var params: [String] = []
        if tls != .disable { params.append("sslmode=\(tls.rawValue)") }
        if let searchPath { params.append("search_path=\(searchPath)") }
        if !params.isEmpty { s += "?" + params.joined(separator: "&") }
        return s
    }

    /// The client configuration for this URL.
    public func clientConfiguration() throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch self.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(tlsConfiguration())
        case .require, .verifyCA, .verifyFull: tls = .require(tlsConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// The single-connection configuration for this URL (used to migrate before the pool starts).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch self.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: tlsConfiguration()))
        case .require, .verifyCA, .verifyFull: tls = .require(try NIOSSLContext(configuration: tlsConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    var startupParameters: [(String, String)] {
        var parameters = [("application_name", applicationName)]
        if let searchPath { parameters.append(("search_path", PostgresURL.quotedIdentifier(searchPath))) }
        return parameters
    }

    func tlsConfiguration() -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        return configuration
    }

    /// `name` as a double-quoted SQL identifier.
    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func decode(_ text: Substring, part: StoreURLError.Part) throws(StoreURLError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let b = utf8.popFirst() {
            if b == UInt8(ascii: "%") {
                guard utf8.count >= 2, let hi = hexValue(utf8.popFirst()!), let lo = hexValue(utf8.popFirst()!) else {
                    throw StoreURLError(part: part, value: String(text), reason: "bad percent-encoding")
                }
                bytes.append(hi << 4 | lo)
            } else {
                bytes.append(b)
            }
        }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw StoreURLError(part: part, value: String(text), reason: "percent-encoding is not UTF-8")
        }
        return s
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
