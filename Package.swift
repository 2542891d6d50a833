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
        // ONNXFormat: ONNX export/import of MLPs with a hand-written protobuf codec (issue 12).
        .target(
            name: "ONNXFormat",
            exclude: ["README.md"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "onnx-fixture",
            dependencies: ["ONNXFormat"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "ONNXFormatTests",
            dependencies: ["ONNXFormat"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // end ONNXFormat
        .testTarget(
            name: "ParamRunKitTests",
            dependencies: ["ParamRunKit"]
        ),
        .testTarget(
            name: "paramrunTests",
            dependencies: ["paramrun", "ParamRunKit"]
        ),
    ],
    swiftLanguageModes: [.v5]
)
