import PumpwatchCore

/// A MITRE ATT&CK technique or sub-technique with its tactics, for the formats that name them.
struct AttackTechnique {
    /// `T1496` or `T1496.003`.
    var id: String
    var name: String
    /// `(TA0040, Impact)` pairs.
    var tactics: [(id: String, name: String)]

    /// The parent technique id of a sub-technique (`T1496` for `T1496.003`), or the id itself.
    var parentID: String {
        id.split(separator: ".").first.map(String.init) ?? id
    }

    var isSubtechnique: Bool { id.contains(".") }

    /// The ATT&CK page for the technique, as plain text.
    var reference: String {
        "https://attack.mitre.org/techniques/" + id.replacingDots(with: "/") + "/"
    }

    /// The parent technique of a sub-technique, or nil.
    var parent: AttackTechnique? {
        isSubtechnique ? AttackTechnique.lookup(parentID) : nil
    }

    /// The ATT&CK page of a tactic, as plain text.
    static func tacticReference(_ id: String) -> String {
        "https://attack.mitre.org/tactics/\(id)/"
    }

    private static let impact = [(id: "TA0040", name: "Impact")]

    private static let known: [String: (String, [(id: String, name: String)])] = [
        "T1496": ("Resource Hijacking", impact),
        "T1496.001": ("Compute Hijacking", impact),
        "T1496.002": ("Bandwidth Hijacking", impact),
        "T1496.003": ("SMS Pumping", impact),
        "T1496.004": ("Cloud Service Hijacking", impact),
        "T1499": ("Endpoint Denial of Service", impact),
        "T1499.002": ("Service Exhaustion Flood", impact),
        "T1499.003": ("Application Exhaustion Flood", impact),
        "T1498": ("Network Denial of Service", impact),
        "T1110": ("Brute Force", [(id: "TA0006", name: "Credential Access")]),
        "T1078": ("Valid Accounts", [(id: "TA0005", name: "Defense Evasion"), (id: "TA0003", name: "Persistence"), (id: "TA0004", name: "Privilege Escalation"), (id: "TA0001", name: "Initial Access")]),
        "T1078.004": ("Cloud Accounts", [(id: "TA0005", name: "Defense Evasion"), (id: "TA0003", name: "Persistence"), (id: "TA0004", name: "Privilege Escalation"), (id: "TA0001", name: "Initial Access")]),
        "T1071": ("Application Layer Protocol", [(id: "TA0011", name: "Command and Control")]),
        "T1071.001": ("Web Protocols", [(id: "TA0011", name: "Command and Control")]),
        "T1071.004": ("DNS", [(id: "TA0011", name: "Command and Control")]),
        "T1059": ("Command and Scripting Interpreter", [(id: "TA0002", name: "Execution")]),
        "T1190": ("Exploit Public-Facing Application", [(id: "TA0001", name: "Initial Access")]),
        "T1651": ("Cloud Administration Command", [(id: "TA0002", name: "Execution")]),
    ]

    /// The technique for an id; unknown ids keep the id as their name and inherit the parent's tactics.
    static func lookup(_ rawID: String) -> AttackTechnique {
        let id = rawID.trimmingSpaces().uppercased()
        if let (name, tactics) = known[id] { return AttackTechnique(id: id, name: name, tactics: tactics) }
        let parentID = id.split(separator: ".").first.map(String.init) ?? id
        let tactics = known[parentID]?.1 ?? []
        return AttackTechnique(id: id, name: id, tactics: tactics)
    }

    /// `Resource Hijacking: SMS Pumping` for a sub-technique, the name for a technique.
    var qualifiedName: String {
        if let parent { return "\(parent.name): \(name)" }
        return name
    }
}

extension String {
    func replacingDots(with replacement: String) -> String {
        split(separator: ".", omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
