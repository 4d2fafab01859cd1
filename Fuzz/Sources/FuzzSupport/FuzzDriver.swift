import CFuzzerDriver

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands control to libFuzzer from a harness's entry point.
///
/// SwiftPM links every executable with its module's entry point standing in for `main`, so the
/// `main` libFuzzer brings is never called. Each harness therefore has a `@main` type that calls
/// `FuzzDriver.run` with the same function it exports as `LLVMFuzzerTestOneInput`.
public enum FuzzDriver {
    /// Runs libFuzzer with the process's arguments (`-runs=`, `-max_total_time=`, corpus folders...)
    /// and exits with its status.
    public static func run(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }
}
