// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "OneStop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "onestop", targets: ["onestop"]),
        .executable(name: "onestop-fuzz", targets: ["onestop-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev", "pkg-config"])]
        ),
        // Debian's libglpk-dev has no pkg-config file: the module map links -lglpk itself.
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        .target(name: "Interchange"),
        .target(name: "Stochastics", dependencies: ["CGSL"]),
        .target(name: "SimCore"),
        .target(name: "ScenarioModel", dependencies: ["Interchange", .product(name: "Yams", package: "Yams"),
                                                    .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "QueueingNetwork", dependencies: ["SimCore", "Stochastics", "ScenarioModel"]),
        .target(name: "CampusModel", dependencies: ["QueueingNetwork", "Stochastics", "ScenarioModel"]),
        .target(name: "Experiments", dependencies: ["Interchange", "SimCore", "QueueingNetwork", "CampusModel", "Stochastics", "ScenarioModel"]),
        .target(name: "Calibration", dependencies: ["CGSL", "Interchange", "SimCore", "Stochastics", "ScenarioModel", "QueueingNetwork", "CampusModel",
                                                  .product(name: "Yams", package: "Yams"),
                                                  .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Planner", dependencies: ["CGLPK", "Experiments", "QueueingNetwork", "CampusModel", "ScenarioModel", "Stochastics"]),
        .target(name: "Reports", dependencies: ["Interchange", "Experiments", "Planner", "CampusModel", "QueueingNetwork", "ScenarioModel"]),
        .target(name: "OutputFiles", dependencies: ["Interchange", "ScenarioModel"]),
        .target(name: "Studio", dependencies: ["Interchange", "OutputFiles", "ScenarioModel", "QueueingNetwork", "CampusModel", "Experiments", "Planner", "Reports",
                                             .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log")]),
        .executableTarget(
            name: "onestop",
            dependencies: [
                "Interchange", "ScenarioModel", "QueueingNetwork", "CampusModel", "Experiments", "Planner", "Reports", "Stochastics", "Calibration", "OutputFiles", "Studio",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "ScenarioFuzzing",
            dependencies: ["Interchange", "ScenarioModel", "QueueingNetwork", "Experiments", "Planner", "Reports", "Stochastics",
                           .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(name: "onestop-fuzz", dependencies: ["ScenarioFuzzing"]),
        .testTarget(name: "InterchangeTests", dependencies: ["Interchange"]),
        .testTarget(name: "StochasticsTests", dependencies: ["Stochastics"]),
        .testTarget(name: "SimCoreTests", dependencies: ["SimCore", "Stochastics"]),
        .testTarget(name: "ScenarioModelTests", dependencies: ["ScenarioModel"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "QueueingNetworkTests", dependencies: ["QueueingNetwork", "SimCore", "Experiments", "ScenarioModel", "Stochastics", "Reports"]),
        .testTarget(name: "CampusModelTests", dependencies: ["CampusModel", "Experiments", "QueueingNetwork", "ScenarioModel", "Stochastics"]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner", "CampusModel", "Experiments", "QueueingNetwork", "ScenarioModel"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Planner", "Interchange", "CampusModel", "ScenarioModel"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "QueueingNetwork", "ScenarioModel"]),
        .testTarget(name: "CalibrationTests", dependencies: ["Calibration", "ScenarioModel", "Stochastics", "CampusModel", "QueueingNetwork"]),
        .testTarget(name: "CLITests", dependencies: ["onestop", "Interchange"], exclude: ["Fixtures", "Python"]),
        .testTarget(name: "StudioTests", dependencies: ["Studio",
                                                        .product(name: "Hummingbird", package: "hummingbird"),
                                                        .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "ScenarioFuzzingTests", dependencies: ["ScenarioFuzzing", "onestop"]),
    ]
)
