import FuzzSupport
import PumpwatchCore

/// Fuzzes the CloudWatch metrics reader through `ReaderHarness`: records become events or located malformed
/// records, in input order, whatever the chunking.
@main
enum CloudWatchMetricsReaderHarness {
    static func main() {
        FuzzDriver.run { data, size in
            ReaderHarness.check(.cloudwatchMetrics, FuzzInput(data, size))
            return 0
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCloudWatchMetricsReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ReaderHarness.check(.cloudwatchMetrics, FuzzInput(data, size))
    return 0
}
