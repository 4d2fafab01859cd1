import FuzzSupport
import PumpwatchCore

/// Fuzzes the Twilio Event Streams reader through `ReaderHarness`: records become events or located malformed
/// records, in input order, whatever the chunking.
@main
enum TwilioEventsReaderHarness {
    static func main() {
        FuzzDriver.run { data, size in
            ReaderHarness.check(.twilioEvents, FuzzInput(data, size))
            return 0
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTwilioEventsReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ReaderHarness.check(.twilioEvents, FuzzInput(data, size))
    return 0
}
