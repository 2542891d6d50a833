// swift-tools-version:6.0
import PackageDescription

// Targets form layers; each may import only those below it, so an upward dependency fails to
// compile. docs/ARCHITECTURE.md draws the layers and says what each target owns.
//
//   paramrun (thin @main) → ParamRunCLI → ParamRunCluster → ParamRunPipeline → ParamRunSpec
//   → ParamRunData, ParamRunNN, ParamRunMetrics, ParamRunReport → ParamRunSupport → C libraries
let package = Package(
    name: "paramrun",
    products: [
        .executable(name: "paramrun", targets: ["paramrun"]),
        // One product for library users; its targets stay separate, so layering still holds.
        .library(
            name: "ParamRunKit",
            targets: [
                "ParamRunSupport", "ParamRunMetrics", "ParamRunNN", "ParamRunData", "ParamRunReport",
                "ParamRunSpec", "ParamRunPipeline", "ParamRunCluster", "ParamRunStats", "ROOTIO", "ONNXFormat"
            ])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2")
    ],
    targets: [
        // C libraries, found through pkg-config; `make deps` installs the Debian packages.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CLZMA", pkgConfig: "liblzma", providers: [.apt(["liblzma-dev"])]),
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),

        // Layer 0: hashing, atomic files, the seeded generator, locks, number formatting.
        .target(name: "ParamRunSupport", exclude: ["README.md"]),
        // Formats, each on its own: ROOT TTrees (read) and ONNX networks (write and read).
        .target(name: "ROOTIO", dependencies: ["CZlib", "CLZ4", "CZstd", "CLZMA", "CXXHash"], exclude: ["README.md"]),
        .target(name: "ONNXFormat", exclude: ["README.md"]),
        // Layer 1: engines that know nothing of specs, stages or each other.
        .target(name: "ParamRunMetrics", dependencies: ["ParamRunSupport"], exclude: ["README.md"]),
        .target(
            name: "ParamRunNN",
            dependencies: ["ParamRunSupport", "ParamRunMetrics", "ONNXFormat", "COpenBLAS", "CZlib"],
            exclude: ["README.md"]),
        .target(name: "ParamRunData", dependencies: ["ParamRunSupport", "CZlib", "ROOTIO"], exclude: ["README.md"]),
        .target(name: "ParamRunReport", dependencies: ["ParamRunSupport", "ParamRunMetrics"], exclude: ["README.md"]),
        .target(name: "ParamRunStats", exclude: ["README.md"]),
        // Layer 2: the spec language, validated against the engines' vocabularies.
        .target(
            name: "ParamRunSpec",
            dependencies: ["ParamRunSupport", "ParamRunData", "ParamRunNN", "ParamRunStats", "CYAML"],
            exclude: ["README.md"]),
        // Layer 3: the graph, the stages, the local runner and the store.
        .target(
            name: "ParamRunPipeline",
            dependencies: [
                "ParamRunSupport", "ParamRunMetrics", "ParamRunNN", "ParamRunData", "ParamRunReport", "ParamRunSpec",
                "ONNXFormat", "ParamRunStats"
            ], exclude: ["README.md"]),
        // Layer 4: batch systems.
        .target(
            name: "ParamRunCluster", dependencies: ["ParamRunSupport", "ParamRunSpec", "ParamRunPipeline"],
            exclude: ["README.md"]),
        // Layer 5: the command line, and the executable that only calls it.
        .target(
            name: "ParamRunCLI",
            dependencies: [
                "ParamRunSupport", "ParamRunMetrics", "ParamRunNN", "ParamRunData", "ParamRunSpec", "ParamRunPipeline",
                "ParamRunCluster", "ROOTIO", "ONNXFormat", "ParamRunStats",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ], exclude: ["README.md"]),
        .executableTarget(name: "paramrun", dependencies: ["ParamRunCLI"]),
        .executableTarget(
            name: "paramrun-bench",
            dependencies: [
                "ParamRunSupport", "ParamRunMetrics", "ParamRunNN", "ParamRunData", "ROOTIO", "ONNXFormat",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]),

        // Tools for the interop tests.
        .executableTarget(
            name: "onnx-fixture",
            dependencies: [
                "ONNXFormat", "ParamRunSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]),
        .executableTarget(
            name: "stats-fixture",
            dependencies: [
                "ParamRunStats", "ParamRunSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]),

        // Tests: temporary folders and the built binary, shared by both suites.
        .target(name: "ParamRunTestSupport", dependencies: ["ParamRunSupport"], path: "Tests/ParamRunTestSupport"),
        .testTarget(
            name: "UnitTests",
            dependencies: [
                "ParamRunSupport", "ParamRunMetrics", "ParamRunNN", "ParamRunData", "ParamRunReport", "ParamRunSpec",
                "ParamRunPipeline", "ParamRunCluster", "ParamRunCLI", "ParamRunTestSupport", "ROOTIO", "ONNXFormat",
                "ParamRunStats"
            ]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "ParamRunSupport", "ParamRunNN", "ParamRunData", "ParamRunSpec", "ParamRunPipeline", "ParamRunCluster",
                "ParamRunCLI", "ParamRunTestSupport", "ONNXFormat", "ROOTIO"
            ]),
        .testTarget(name: "ROOTIOTests", dependencies: ["ROOTIO", "ParamRunSupport"]),
        .testTarget(name: "ONNXFormatTests", dependencies: ["ONNXFormat", "ParamRunSupport"]),
        .testTarget(name: "ParamRunStatsTests", dependencies: ["ParamRunStats", "ParamRunSupport"])
    ]
)
