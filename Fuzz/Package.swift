// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pumpwatch-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "pumpwatch", path: "..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "FuzzJSON", dependencies: ["CFuzzerDriver", .product(name: "PumpwatchCore", package: "pumpwatch"), .product(name: "PumpwatchSources", package: "pumpwatch")]),
    ]
)
