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
        // ROOTIO: pure-Swift reader for flat ROOT TTrees (issue 16), and the system compression libraries it uses.
        .systemLibrary(
            name: "CLZ4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]
        ),
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .systemLibrary(
            name: "CLZMA",
            pkgConfig: "liblzma",
            providers: [.apt(["liblzma-dev"])]
        ),
        .systemLibrary(
            name: "CXXHash",
            pkgConfig: "libxxhash",
            providers: [.apt(["libxxhash-dev"])]
        ),
        .target(
            name: "ROOTIO",
            dependencies: ["CZlib", "CLZ4", "CZstd", "CLZMA", "CXXHash"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "root-dump",
            dependencies: ["ROOTIO"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "ROOTIOTests",
            dependencies: ["ROOTIO"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // end ROOTIO
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
    ],
    swiftLanguageModes: [.v5]
)
