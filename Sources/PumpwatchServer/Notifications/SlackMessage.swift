import PumpwatchCore
import PumpwatchStore

/// The body of a Slack incoming-webhook message for an alert: a plain `text` fallback (shown in
/// notifications) and Block Kit `blocks` with the title, severity, risk score, rule, entities
/// and summary.
///
/// Every piece of alert text is escaped as Slack asks (`&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`),
/// so alert content cannot form links or mentions such as `<!channel>`, and cut to Slack's
/// length limits.
public struct SlackMessage: Sendable {
    /// The fallback text.
    public var text: String
    /// The Block Kit blocks, as JSON objects.
    public var blocks: [String]

    /// Slack's limit on the text of one section block.
    static let sectionLimit = 3000
    /// Slack's limit on one field of a section block.
    static let fieldLimit = 2000

    /// The message for `alert`.
    public init(alert: AlertRecord) {
        let d = alert.draft
        let severity = d.severity.uppercased()
        text = SlackMessage.escaped("[\(severity)] \(d.title) (risk \(d.riskScore)): \(d.summary)", limit: SlackMessage.sectionLimit)

        var blocks: [String] = []
        blocks.append(SlackMessage.section("*\(SlackMessage.escaped(d.title, limit: SlackMessage.sectionLimit - 2))*"))

        var fields = [
            "*Severity*\n\(SlackMessage.escaped(severity, limit: 100))",
            "*Risk score*\n\(d.riskScore)",
            "*Rule*\n\(SlackMessage.escaped(d.ruleID, limit: 500))",
            "*Events*\n\(d.count)",
        ]
        if let t = d.firstSeen { fields.append("*First seen*\n\(Timestamp.iso8601(millis: t))") }
        if let t = d.lastSeen { fields.append("*Last seen*\n\(Timestamp.iso8601(millis: t))") }
        blocks.append(SlackMessage.fields(fields))

        let entities = WebhookPayload.pairs(d.entities) ?? []
        if !entities.isEmpty {
            var lines = "*Entities*"
            for (name, value) in entities {
                let line = "\n• \(SlackMessage.escaped(name, limit: 200)): \(SlackMessage.escaped(value.scalarText ?? JSONWriter.serialize(value), limit: 500))"
                if lines.count + line.count > SlackMessage.sectionLimit { break }
                lines += line
            }
            blocks.append(SlackMessage.section(lines))
        }
        if !d.summary.isEmpty {
            blocks.append(SlackMessage.section(SlackMessage.escaped(d.summary, limit: SlackMessage.sectionLimit)))
        }
        var context = "pumpwatch alert \(alert.id)"
        if !d.attack.isEmpty { context += " · ATT&CK " + d.attack.joined(separator: ", ") }
        blocks.append(SlackMessage.context(SlackMessage.escaped(context, limit: SlackMessage.sectionLimit)))
        self.blocks = blocks
    }

    /// The webhook body: `{"text": …, "blocks": […]}`.
    public var json: [UInt8] {
        var out = "{\"text\":"
        JSONWriter.appendString(text, to: &out)
        out += ",\"blocks\":[" + blocks.joined(separator: ",") + "]}"
        return Array(out.utf8)
    }

    /// `text` with `&`, `<` and `>` escaped, cut (with `…`) so that the escaped text is at most `limit` characters.
    public static func escaped(_ text: String, limit: Int) -> String {
        var pieces: [String] = []
        var length = 0
        for c in text {
            let piece: String
            switch c {
            case "&": piece = "&amp;"
            case "<": piece = "&lt;"
            case ">": piece = "&gt;"
            default: piece = String(c)
            }
            pieces.append(piece)
            length += piece.count
        }
        guard length > limit else { return pieces.joined() }
        var out = ""
        var kept = 0
        for piece in pieces {
            if kept + piece.count > limit - 1 { break }
            out += piece
            kept += piece.count
        }
        return out + "…"
    }

    private static func mrkdwn(_ text: String) -> String {
        var out = "{\"type\":\"mrkdwn\",\"text\":"
        JSONWriter.appendString(text, to: &out)
        return out + "}"
    }

    private static func section(_ text: String) -> String {
        "{\"type\":\"section\",\"text\":\(mrkdwn(text))}"
    }

    private static func fields(_ fields: [String]) -> String {
        "{\"type\":\"section\",\"fields\":[" + fields.prefix(10).map { mrkdwn(String($0.prefix(fieldLimit))) }.joined(separator: ",") + "]}"
    }

    private static func context(_ text: String) -> String {
        "{\"type\":\"context\",\"elements\":[\(mrkdwn(text))]}"
    }
}
