// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pumpwatch-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "pumpwatch", path: "..")],
    targets: [
        .executableTarget(name: "FuzzJSON", dependencies: [.product(name: "PumpwatchCore", package: "pumpwatch")]),
    ]
)
