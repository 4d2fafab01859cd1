import Foundation

/// The field mapping of one target: per input format, where the events are and how each field of
/// the plan is written. The built-in mappings are the JSON files in `Mappings/`; `--mapping FILE`
/// overrides entries.
///
/// ```json
/// {"target": "kql",
///  "sources": {"cloudtrail": {"from": "AWSCloudTrail", "unmapped": "refuse",
///                             "fields": {"event.action": {"name": "EventName"}}}}}
/// ```
public struct FieldMapping: Sendable, Hashable, Codable {
    public var target: String?
    /// How `now()` is written (SQL targets; a fixed time makes runs reproducible).
    public var now: String?
    /// Mappings by input format (`cloudtrail`, `falcon`, ... as `SourceFormat` names them).
    public var sources: [String: SourceMapping]

    public init(target: String? = nil, now: String? = nil, sources: [String: SourceMapping] = [:]) {
        self.target = target
        self.now = now
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey {
        case target, now, sources
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        target = try c.decodeIfPresent(String.self, forKey: .target)
        now = try c.decodeIfPresent(String.self, forKey: .now)
        sources = try c.decodeIfPresent([String: SourceMapping].self, forKey: .sources) ?? [:]
    }

    /// The mapping shipped for `target`.
    public static func builtIn(for target: TranslationTarget) throws(MappingError) -> FieldMapping {
        guard let url = Bundle.module.url(forResource: target.rawValue, withExtension: "json", subdirectory: "Mappings")
            ?? Bundle.module.resourceURL?.appendingPathComponent("Mappings/\(target.rawValue).json")
        else {
            throw MappingError(file: "Mappings/\(target.rawValue).json", reason: "the built-in mapping is missing from the installation")
        }
        return try load(url: url)
    }

    /// A mapping file (a full mapping, or only the entries that override the built-in one).
    public static func load(path: String) throws(MappingError) -> FieldMapping {
        try load(url: URL(fileURLWithPath: path))
    }

    static func load(url: URL) throws(MappingError) -> FieldMapping {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw MappingError(file: url.path, reason: "cannot read the file")
        }
        do {
            return try JSONDecoder().decode(FieldMapping.self, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw MappingError(file: url.path, reason: "unexpected value at \(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw MappingError(file: url.path, reason: "missing key \(key.stringValue) at \(path(context.codingPath))")
        } catch let DecodingError.dataCorrupted(context) {
            throw MappingError(file: url.path, reason: "not valid JSON: \(context.debugDescription)")
        } catch {
            throw MappingError(file: url.path, reason: "\(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top level" : keys.map(\.stringValue).joined(separator: ".")
    }

    /// This mapping with `other`'s entries in place of its own.
    public func overriding(with other: FieldMapping) -> FieldMapping {
        var out = self
        if let n = other.now { out.now = n }
        for (name, source) in other.sources {
            out.sources[name] = (sources[name] ?? SourceMapping()).overriding(with: source)
        }
        return out
    }
}
