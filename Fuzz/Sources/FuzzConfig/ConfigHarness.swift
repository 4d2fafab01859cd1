import FuzzSupport
import PumpwatchCore
import PumpwatchDetect

/// Fuzzes `ConfigLoader.parse` (`pumpwatch.yml`): any text is a config or an error naming the
/// file, a key or line of the text, and the reason; a config it accepts either checks out against
/// the built-in rule pack or fails that check the same way.
@main
enum ConfigHarness {
    static func main() {
        FuzzDriver.run { data, size in
            ConfigHarness.check(FuzzInput(data, size).bytes)
            return 0
        }
    }

    static let file = "pumpwatch.yml"
    static let rules: [Rule] = {
        do {
            return try RulePack.builtIn().rules
        } catch {
            PropertyCheck.fail("the built-in rule pack does not load: \(error)")
        }
    }()

    static func check(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let bounds = TextBounds(yaml: text)
        let config: PumpwatchConfig
        do {
            config = try ConfigLoader.parse(text, file: file)
        } catch {
            ConfigErrorCheck.requireLocated(error, file: file, bounds: bounds, text: text)
            return
        }
        do {
            try config.validate(against: rules)
        } catch {
            ConfigErrorCheck.requireLocated(error, file: file, bounds: bounds, text: text)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ConfigHarness.check(FuzzInput(data, size).bytes)
    return 0
}
