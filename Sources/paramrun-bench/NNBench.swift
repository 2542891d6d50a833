import ParamRunKit

/// Training and inference throughput of the paper's deep network (issue 3).
enum NNBench {
    static func run(_ args: [String]) {
        print("nn bench: not built yet")
    }
}
