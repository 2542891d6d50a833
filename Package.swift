// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "paramrun",
    products: [
        .executable(name: "paramrun", targets: ["paramrun"]),
        .library(name: "ParamRunKit", targets: ["ParamRunKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "ParamRunKit",
            dependencies: ["CYAML", "COpenBLAS", "CZlib"]
        ),
        .executableTarget(
            name: "paramrun",
            dependencies: [
                "ParamRunKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "paramrun-bench",
            dependencies: ["ParamRunKit"]
        ),
        .testTarget(
            name: "ParamRunKitTests",
            dependencies: ["ParamRunKit"]
        ),
        .testTarget(
            name: "paramrunTests",
            dependencies: ["paramrun", "ParamRunKit"]
        ),
        // ParamRunStats: histograms of a score -> HistFactory workspaces, Asimov Z and CLs limits.
        .target(
            name: "ParamRunStats",
            exclude: ["README.md"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "stats-fixture",
            dependencies: ["ParamRunStats"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "ParamRunStatsTests",
            dependencies: ["ParamRunStats"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // end ParamRunStats
    ],
    swiftLanguageModes: [.v5]
)
