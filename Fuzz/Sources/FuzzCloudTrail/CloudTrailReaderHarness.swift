import FuzzSupport
import PumpwatchCore

/// Fuzzes the CloudTrail reader through `ReaderHarness`: records become events or located malformed
/// records, in input order, whatever the chunking.
@main
enum CloudTrailReaderHarness {
    static func main() {
        FuzzDriver.run { data, size in
            ReaderHarness.check(.cloudtrail, FuzzInput(data, size))
            return 0
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCloudTrailReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ReaderHarness.check(.cloudtrail, FuzzInput(data, size))
    return 0
}
