import ParamRunKit

/// HEPMASS CSV reading throughput (issue 4).
enum DataBench {
    static func run(_ args: [String]) {
        print("data bench: not built yet")
    }
}
