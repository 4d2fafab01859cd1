import PumpwatchCore

/// Binds a plan's sources to input formats: ES|QL index patterns to each format's index name,
/// CQL tag filters on `#event_simpleName` to Falcon.
public enum SourceBinding {
    /// The index (data stream) name each format answers to in `FROM`.
    public static func indexName(of format: SourceFormat) -> String {
        switch format {
        case .cloudtrail: return "logs-aws.cloudtrail-default"
        case .falcon: return "logs-crowdstrike.fdr-default"
        case .twilioMessages: return "logs-twilio.messages-default"
        case .twilioEvents: return "logs-twilio.events-default"
        case .snsDelivery: return "logs-aws.sns_delivery-default"
        case .webAccess: return "logs-nginx.access-default"
        case .appRequests: return "logs-azure.app_requests-default"
        case .cloudwatchMetrics: return "metrics-aws.sns-default"
        case .ndjson: return "logs-generic-default"
        }
    }

    /// The formats whose index name matches any of the patterns (`*` wildcards, `-` exclusions ignored).
    public static func formats(matching patterns: [String]) -> Set<SourceFormat> {
        var out = Set<SourceFormat>()
        for p in patterns where !p.hasPrefix("-") {
            let raw = p.split(separator: ":").last.map(String.init) ?? p
            let g = GlobMatcher(raw, questionMark: false, caseInsensitive: false)
            for f in SourceFormat.allCases where g.matches(indexName(of: f)) || g.matches(f.rawValue) { out.insert(f) }
        }
        return out
    }

    /// The formats a plan can read: nil means every format.
    public static func formats(for plan: LogicalPlan) -> Set<SourceFormat>? {
        var all = Set<SourceFormat>()
        var unrestricted = false
        collect(plan, restricted: nil, into: &all, unrestricted: &unrestricted)
        return unrestricted ? nil : all
    }

    private static func collect(_ plan: LogicalPlan, restricted: Set<SourceFormat>?, into all: inout Set<SourceFormat>, unrestricted: inout Bool) {
        switch plan {
        case .source(let s):
            if s.dialect == .esql {
                all.formUnion(formats(matching: s.indexPatterns))
            } else if let restricted {
                all.formUnion(restricted)
            } else {
                unrestricted = true
            }
        case .filter(let child, let condition):
            // A conjunct on the Falcon event-type tag narrows the CQL source to Falcon events.
            var r = restricted
            if conjuncts(condition).contains(where: isFalconTagFilter) { r = [.falcon] }
            collect(child, restricted: r, into: &all, unrestricted: &unrestricted)
        default:
            for c in plan.children { collect(c, restricted: restricted, into: &all, unrestricted: &unrestricted) }
        }
    }

    static func conjuncts(_ e: Expression) -> [Expression] {
        if case .binary(.and, let a, let b) = e { return conjuncts(a) + conjuncts(b) }
        return [e]
    }

    static func isFalconTagFilter(_ e: Expression) -> Bool {
        if case .fieldMatch(let f, _, false) = e, f == "#event_simpleName" || f == "event_simpleName" { return true }
        return false
    }
}
