import PumpwatchCore
import PumpwatchQuery

/// The arguments of one function call, checked against the parameters the function takes.
///
/// Positional arguments take the names in `positional` in order (LogScale's "unnamed default
/// argument"); unknown, repeated and surplus arguments are semantic errors at their location.
struct CQLArguments {
    let call: CQLFunctionCall
    private var values: [String: CQLFunctionCall.Argument] = [:]

    init(_ call: CQLFunctionCall, parameters: [String], positional: [String] = []) throws(QueryError) {
        self.call = call
        let known = Set(parameters.map { $0.lowercased() }).union(positional.map { $0.lowercased() })
        var nextPositional = 0
        for argument in call.arguments {
            let key: String
            if let name = argument.name {
                key = name.lowercased()
                guard known.contains(key) else {
                    let list = (positional + parameters).map { "`\($0)`" }.joined(separator: ", ")
                    throw QueryError(
                        .semantic, "unknown argument `\(name)` for `\(call.name)()`", at: argument.location,
                        expected: list.isEmpty ? "no arguments" : "one of \(list)")
                }
            } else {
                guard nextPositional < positional.count else {
                    throw QueryError(
                        .semantic, "too many unnamed arguments for `\(call.name)()`", at: argument.location,
                        expected: parameters.isEmpty ? "no further arguments" : "a named argument such as `\(parameters[0])=`")
                }
                key = positional[nextPositional].lowercased()
                nextPositional += 1
            }
            guard values[key] == nil else {
                throw QueryError(.semantic, "argument `\(key)` of `\(call.name)()` is given twice", at: argument.location)
            }
            values[key] = argument
        }
    }

    var location: SourceLocation { call.location }

    func has(_ name: String) -> Bool { values[name.lowercased()] != nil }

    func argument(_ name: String) -> CQLFunctionCall.Argument? { values[name.lowercased()] }

    func expression(_ name: String) -> CQLExpression? { values[name.lowercased()]?.value }

    func require(_ name: String) throws(QueryError) -> CQLExpression {
        guard let e = expression(name) else {
            throw QueryError(.semantic, "`\(call.name)()` needs the argument `\(name)`", at: call.location, expected: "`\(name)=...`")
        }
        return e
    }

    /// A word or string as text.
    func string(_ name: String) throws(QueryError) -> String? {
        guard let e = expression(name) else { return nil }
        guard let t = e.text else {
            throw QueryError(.semantic, "argument `\(name)` of `\(call.name)()` must be a word or a string, found `\(e)`", at: e.location)
        }
        return t
    }

    /// A field name (a word or a quoted name).
    func fieldName(_ name: String) throws(QueryError) -> String? {
        guard let e = expression(name) else { return nil }
        return try Self.fieldName(e, of: call, argument: name)
    }

    /// A field name that must be given.
    func requireFieldName(_ name: String) throws(QueryError) -> String {
        try Self.fieldName(try require(name), of: call, argument: name)
    }

    static func fieldName(_ e: CQLExpression, of call: CQLFunctionCall, argument: String) throws(QueryError) -> String {
        guard let t = e.text, !t.isEmpty else {
            throw QueryError(.semantic, "argument `\(argument)` of `\(call.name)()` must be a field name, found `\(e)`", at: e.location, expected: "a field name")
        }
        return t
    }

    /// One field name or an array of them.
    func fieldNames(_ name: String) throws(QueryError) -> [String]? {
        guard let e = expression(name) else { return nil }
        if case .array(let items) = e.kind {
            var out: [String] = []
            for item in items { out.append(try Self.fieldName(item, of: call, argument: name)) }
            return out
        }
        return [try Self.fieldName(e, of: call, argument: name)]
    }

    /// A whole number; `max` gives `maximum` when the function has one.
    func int(_ name: String, maximum: Int? = nil) throws(QueryError) -> Int? {
        guard let e = expression(name) else { return nil }
        if let t = e.text {
            if let i = Int(t), i >= 0 { return i }
            if t.lowercased() == "max", let maximum { return maximum }
        }
        throw QueryError(
            .semantic, "argument `\(name)` of `\(call.name)()` must be a whole number, found `\(e)`", at: e.location,
            expected: maximum == nil ? "a number" : "a number or `max`")
    }

    /// `true` or `false`, as a word or a string.
    func bool(_ name: String) throws(QueryError) -> Bool? {
        guard let e = expression(name) else { return nil }
        switch e.text?.lowercased() {
        case "true": return true
        case "false": return false
        default:
            throw QueryError(.semantic, "argument `\(name)` of `\(call.name)()` must be `true` or `false`, found `\(e)`", at: e.location, expected: "`true` or `false`")
        }
    }

    /// One of `choices` (ignoring case), returned lower-cased.
    func choice(_ name: String, _ choices: [String]) throws(QueryError) -> String? {
        guard let e = expression(name) else { return nil }
        if let t = e.text?.lowercased(), choices.contains(t) { return t }
        throw QueryError(
            .semantic, "argument `\(name)` of `\(call.name)()` cannot be `\(e)`", at: e.location,
            expected: "one of " + choices.map { "`\($0)`" }.joined(separator: ", "))
    }
}
