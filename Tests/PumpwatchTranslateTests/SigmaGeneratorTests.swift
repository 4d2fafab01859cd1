import PumpwatchDetect
import PumpwatchQuery
import XCTest

@testable import PumpwatchTranslate

/// Sigma: detection rules, and correlation rules for counts over thresholds.
final class SigmaGeneratorTests: XCTestCase {
    func testGoldens() throws {
        try assertGoldens(.sigma)
    }

    func testFilterOnlyQueryIsOneDetection() throws {
        XCTAssertEqual(
            try translate(.cql, #"#event_simpleName=DnsRequest DomainName=*twilio* FileName != "chrome.exe""#, to: .sigma),
            """
            title: pumpwatch translation, query events
            name: query_events
            status: experimental
            logsource:
              product: crowdstrike
              service: fdr
            detection:
              selection_1:
                event_simpleName|cased: 'DnsRequest'
              selection_2:
                DomainName|cased: '*twilio*'
              selection_3:
                FileName|cased: 'chrome.exe'
              condition: selection_1 and selection_2 and not selection_3
            level: medium

            """)
    }

    func testDistinctCountThresholdIsValueCount() throws {
        let text = try translate(.cql, "#event_simpleName=DnsRequest | groupBy(ComputerName, function=dc(DomainName, as=domains)) | domains > 20", to: .sigma)
        XCTAssertTrue(text.contains("  type: value_count\n"), text)
        XCTAssertTrue(text.contains("  condition:\n    gt: 20\n    field: DomainName\n"), text)
    }
}
