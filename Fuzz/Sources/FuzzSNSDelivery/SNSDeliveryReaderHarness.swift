import FuzzSupport
import PumpwatchCore

/// Fuzzes the SNS delivery log reader through `ReaderHarness`: records become events or located malformed
/// records, in input order, whatever the chunking.
@main
enum SNSDeliveryReaderHarness {
    static func main() {
        FuzzDriver.run { data, size in
            ReaderHarness.check(.snsDelivery, FuzzInput(data, size))
            return 0
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSNSDeliveryReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ReaderHarness.check(.snsDelivery, FuzzInput(data, size))
    return 0
}
