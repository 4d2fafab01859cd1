import FuzzSupport
import PumpwatchCore

/// Fuzzes the web access log reader through `ReaderHarness`: records become events or located malformed
/// records, in input order, whatever the chunking.
@main
enum WebAccessReaderHarness {
    static func main() {
        FuzzDriver.run { data, size in
            ReaderHarness.check(.webAccess, FuzzInput(data, size))
            return 0
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebAccessReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ReaderHarness.check(.webAccess, FuzzInput(data, size))
    return 0
}
