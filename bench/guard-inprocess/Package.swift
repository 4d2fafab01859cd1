// swift-tools-version:6.0
import PackageDescription

// A release-mode timing run of the guard in process: `./run.sh`.
let package = Package(
    name: "guard-inprocess",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "pumpwatch", path: "../..")],
    targets: [
        .executableTarget(name: "GuardBench", dependencies: [.product(name: "PumpwatchGuard", package: "pumpwatch")]),
    ]
)
