// swift-tools-version:6.0
// libFuzzer harnesses for pumpwatch's parsers and readers. Build and run them with
// `scripts/fuzz.sh` (it passes `-sanitize=fuzzer,address`); see README.md.
import PackageDescription

let core = Target.Dependency.product(name: "PumpwatchCore", package: "pumpwatch")
let sources = Target.Dependency.product(name: "PumpwatchSources", package: "pumpwatch")
let query = Target.Dependency.product(name: "PumpwatchQuery", package: "pumpwatch")
let guardLibrary = Target.Dependency.product(name: "PumpwatchGuard", package: "pumpwatch")

/// One executable per harness: `fuzz-<name>` built from `Sources/<Target>`.
let harnesses: [(name: String, target: String, dependencies: [Target.Dependency])] = [
    ("cql", "FuzzCQL", [query]),
    ("esql", "FuzzESQL", [query]),
    ("json", "FuzzJSON", [core]),
    ("cloudtrail", "FuzzCloudTrail", [sources]),
    ("falcon", "FuzzFalcon", [sources]),
    ("twilio-messages", "FuzzTwilioMessages", [sources]),
    ("twilio-events", "FuzzTwilioEvents", [sources]),
    ("sns-delivery", "FuzzSNSDelivery", [sources]),
    ("web-access", "FuzzWebAccess", [sources]),
    ("cloudwatch-metrics", "FuzzCloudWatchMetrics", [sources]),
    ("app-requests", "FuzzAppRequests", [sources]),
    ("fastpath", "FuzzFastPath", [sources]),
    ("source-reader", "FuzzSourceReader", [sources]),
    ("check-request", "FuzzCheckRequest", [guardLibrary]),
    ("guard-state", "FuzzGuardState", [guardLibrary]),
    ("policy", "FuzzPolicy", [guardLibrary]),
    // PumpwatchDetect (config and rule loading) comes with the PumpwatchGuard product.
    ("config", "FuzzConfig", [guardLibrary]),
    ("rule", "FuzzRule", [guardLibrary]),
]

let package = Package(
    name: "pumpwatch-fuzz",
    platforms: [.macOS(.v13)],
    products: harnesses.map { .executable(name: "fuzz-\($0.name)", targets: [$0.target]) },
    dependencies: [.package(name: "pumpwatch", path: "..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver", core, sources, query]),
    ] + harnesses.map { .executableTarget(name: $0.target, dependencies: ["FuzzSupport"] + $0.dependencies) }
)
