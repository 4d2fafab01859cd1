import FuzzSupport
import PumpwatchCore
import PumpwatchDetect

/// Fuzzes `RuleLoader.parse` (one rule file of the pack): any text is a rule or an error naming
/// the file, a key or line of the text, and the reason.
@main
enum RuleHarness {
    static func main() {
        FuzzDriver.run { data, size in
            RuleHarness.check(FuzzInput(data, size).bytes)
            return 0
        }
    }

    static let file = "rule.yml"

    static func check(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            let rule = try RuleLoader.parse(text, file: file)
            PropertyCheck.require(!rule.id.isEmpty, "a rule without an id from \(PropertyCheck.excerpt(text))")
        } catch {
            ConfigErrorCheck.requireLocated(error, file: file, bounds: TextBounds(yaml: text), text: text)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRule(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    RuleHarness.check(FuzzInput(data, size).bytes)
    return 0
}
