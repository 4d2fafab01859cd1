import FuzzSupport
import PumpwatchCore

/// Fuzzes the Application Insights requests reader through `ReaderHarness`: records become events or located malformed
/// records, in input order, whatever the chunking.
@main
enum AppRequestsReaderHarness {
    static func main() {
        FuzzDriver.run { data, size in
            ReaderHarness.check(.appRequests, FuzzInput(data, size))
            return 0
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAppRequestsReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ReaderHarness.check(.appRequests, FuzzInput(data, size))
    return 0
}
