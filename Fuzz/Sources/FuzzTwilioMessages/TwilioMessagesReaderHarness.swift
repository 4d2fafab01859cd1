import FuzzSupport
import PumpwatchCore

/// Fuzzes the Twilio Messages API reader through `ReaderHarness`: records become events or located malformed
/// records, in input order, whatever the chunking.
@main
enum TwilioMessagesReaderHarness {
    static func main() {
        FuzzDriver.run { data, size in
            ReaderHarness.check(.twilioMessages, FuzzInput(data, size))
            return 0
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTwilioMessagesReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ReaderHarness.check(.twilioMessages, FuzzInput(data, size))
    return 0
}
