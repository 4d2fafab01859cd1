import FuzzSupport
import PumpwatchCore

/// Fuzzes the CrowdStrike Falcon reader through `ReaderHarness`: records become events or located malformed
/// records, in input order, whatever the chunking.
@main
enum FalconReaderHarness {
    static func main() {
        FuzzDriver.run { data, size in
            ReaderHarness.check(.falcon, FuzzInput(data, size))
            return 0
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFalconReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ReaderHarness.check(.falcon, FuzzInput(data, size))
    return 0
}
