// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pumpwatch",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pumpwatch", targets: ["pumpwatch"]),
        .library(name: "PumpwatchCore", targets: ["PumpwatchCore"]),
        .library(name: "PumpwatchSources", targets: ["PumpwatchSources"]),
        .library(name: "PumpwatchQuery", targets: ["PumpwatchQuery", "PumpwatchCQL", "PumpwatchESQL"]),
        .library(name: "PumpwatchGuard", targets: ["PumpwatchGuard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .systemLibrary(name: "CByteScan", path: "Sources/CByteScan"),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
        .target(name: "PumpwatchCore"),
        .target(name: "PumpwatchSources", dependencies: ["PumpwatchCore", "CZlib", "CByteScan"]),
        .target(name: "PumpwatchQuery", dependencies: ["PumpwatchCore"]),
        .target(
            name: "PumpwatchDetect",
            dependencies: ["PumpwatchCore", "PumpwatchSources", "PumpwatchQuery", "PumpwatchCQL", "PumpwatchESQL", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/Rules"), .copy("Resources/Data")]
        ),
        .target(name: "PumpwatchSimulate", dependencies: ["PumpwatchCore", "CZlib"]),
        .target(name: "PumpwatchCQL", dependencies: ["PumpwatchCore", "PumpwatchQuery"]),
        .target(name: "PumpwatchESQL", dependencies: ["PumpwatchCore", "PumpwatchQuery"]),
        .target(name: "PumpwatchOutput", dependencies: ["PumpwatchCore", "PumpwatchDetect"]),
        .target(name: "PumpwatchTranslate", dependencies: ["PumpwatchCore", "PumpwatchQuery", "PumpwatchDetect"], resources: [.copy("Mappings")]),
        .target(
            name: "PumpwatchGuard",
            dependencies: ["PumpwatchCore", "PumpwatchSources", "PumpwatchDetect", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/Data")]
        ),
        .target(
            name: "PumpwatchStore",
            dependencies: [
                "PumpwatchCore", "PumpwatchGuard", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "PumpwatchLive", dependencies: ["PumpwatchCore", "PumpwatchSources", "PumpwatchDetect", "PumpwatchStore"]),
        .target(
            name: "PumpwatchServer",
            dependencies: [
                "PumpwatchCore", "PumpwatchSources", "PumpwatchDetect", "PumpwatchOutput", "PumpwatchGuard", "PumpwatchStore", "PumpwatchLive", "CCurl",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "pumpwatch",
            dependencies: [
                "PumpwatchCore", "PumpwatchSources", "PumpwatchQuery", "PumpwatchCQL", "PumpwatchESQL", "PumpwatchSimulate", "PumpwatchDetect", "PumpwatchOutput", "PumpwatchGuard", "PumpwatchServer", "PumpwatchTranslate", "PumpwatchStore", "PumpwatchLive", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "PumpwatchCoreTests", dependencies: ["PumpwatchCore"]),
        .testTarget(name: "PumpwatchSourcesTests", dependencies: ["PumpwatchSources"]),
        .testTarget(
            name: "PumpwatchQueryTests",
            dependencies: ["PumpwatchQuery", "PumpwatchSources", "PumpwatchCQL", "PumpwatchESQL", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "PumpwatchCQLTests", dependencies: ["PumpwatchCQL", "PumpwatchSources"]),
        .testTarget(name: "PumpwatchESQLTests", dependencies: ["PumpwatchESQL", "PumpwatchSources"]),
        .testTarget(name: "PumpwatchDetectTests", dependencies: ["PumpwatchDetect"]),
        .testTarget(name: "PumpwatchSimulateTests", dependencies: ["PumpwatchSimulate", "PumpwatchSources"]),
        .testTarget(name: "PumpwatchOutputTests", dependencies: ["PumpwatchOutput"]),
        .testTarget(name: "PumpwatchTranslateTests", dependencies: ["PumpwatchTranslate", "PumpwatchCQL", "PumpwatchESQL", "PumpwatchDetect"], exclude: ["Golden"]),
        .testTarget(name: "PumpwatchGuardTests", dependencies: ["PumpwatchGuard", "PumpwatchSimulate", "PumpwatchSources"]),
        .testTarget(name: "PumpwatchStoreTests", dependencies: ["PumpwatchStore", "PumpwatchGuard", "PumpwatchCore"]),
        .testTarget(
            name: "PumpwatchServerTests",
            dependencies: ["PumpwatchServer", "PumpwatchStore", "PumpwatchGuard", "PumpwatchCore", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "PumpwatchLiveTests",
            dependencies: [
                "PumpwatchLive", "PumpwatchStore", "PumpwatchSources", "PumpwatchDetect", "PumpwatchSimulate", "PumpwatchCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["pumpwatch", "PumpwatchCore", "PumpwatchDetect"]),
    ]
)
