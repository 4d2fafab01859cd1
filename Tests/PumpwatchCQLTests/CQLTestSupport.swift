import PumpwatchCore
import PumpwatchQuery
import XCTest

@testable import PumpwatchCQL

/// The LogScale query of the seed `000_74c7c4e09f4729ed.txt`, pasted verbatim.
let seedQuery = #"""
// Branch 1: High-frequency DNS lookups to SMS provider API domains (primary signal)
(#event_simpleName = "DnsRequest"
| DomainName = /(?i)(api\.twilio\.com|sns\.amazonaws\.com|rest\.nexmo\.com|api\.vonage\.com|api\.plivo\.com|messaging\.bandwidth\.com|api\.telnyx\.com|rest\.messagebird\.com|eu\.api\.sinch\.com|api\.infobip\.com)/
| groupBy(
[aid, ComputerName, DomainName],
function=[
count(as=EventCount),
dc(ContextProcessId, as=UniqueProcesses),
collect(FileName, limit=10),
min(ContextTimeStamp, as=FirstSeen),
max(ContextTimeStamp, as=LastSeen)
]
)
| where EventCount > 50
| eval DetectionBranch = "DNSLookup-SMSProvider"
| eval RiskScore = if(EventCount > 1000, "Critical", if(EventCount > 500, "High", "Medium")))
| union [
// Branch 2: High-volume outbound TCP connections from application processes
#event_simpleName = "NetworkConnectIP4"
| RemotePort in [443, 80, 8443]
| TargetProcessName = /(?i)\.(exe|py|rb|js|jar|sh|php)$/
| groupBy(
[aid, ComputerName, RemoteAddressIP4, TargetProcessName],
function=[
count(as=EventCount),
dc(RemotePort, as=UniquePorts),
min(ContextTimeStamp, as=FirstSeen),
max(ContextTimeStamp, as=LastSeen)
]
)
| where EventCount > 200
| eval DetectionBranch = "NetworkConnect-HighVolumeHTTPS"
| eval RiskScore = if(EventCount > 2000, "Critical", if(EventCount > 1000, "High", "Medium"))
]
| sort(EventCount, order=desc)
"""#

/// The printed plan of a query, or the error's description.
func planText(_ query: String) -> String {
    do {
        return PlanPrinter.print(try CQLFrontEnd.plan(query))
    } catch {
        return "error: \(error)"
    }
}

/// The printed plan of a query without the implicit tail and the source, one line per node.
func planLines(_ query: String) -> [String] {
    planText(query).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
}

/// A query with a `⏵` marking where an error must point: the text without the marker, and the
/// marker's line and column.
func marked(_ text: String) -> (query: String, line: Int, column: Int) {
    var line = 1
    var column = 1
    var query = ""
    var found: (Int, Int)?
    for scalar in text.unicodeScalars {
        if scalar == "⏵" {
            found = (line, column)
            continue
        }
        query.unicodeScalars.append(scalar)
        if scalar == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }
    precondition(found != nil, "no marker in \(text)")
    return (query, found!.0, found!.1)
}
