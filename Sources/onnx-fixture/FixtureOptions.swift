/// Command-line options of onnx-fixture, parsed by hand so the tool depends on ONNXFormat alone.
struct FixtureOptions {
    enum Scaling: String { case standard, minmax, none }

    var seed: UInt64 = 1
    var activation = "relu"
    var hidden: [Int] = [16, 16]
    var scaling = Scaling.standard
    var parameterized = true
    var features = 4
    var rows = 10_000
    var output = ""

    static let usage = """
        usage: onnx-fixture --output PATH_STEM [--seed N] [--activation relu|tanh|sigmoid|identity]
                            [--layers 16,16] [--scaling standard|minmax|none] [--theta|--no-theta]
                            [--features N] [--rows N]
        Writes PATH_STEM.onnx (a seeded random network) and PATH_STEM.csv (seeded raw input rows,
        the scores ONNXFormat's evaluator gives them, and the scores of the file read back), and
        prints the evaluation time.
        """

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    init(arguments: [String]) throws(UsageError) {
        var i = 0
        func value(_ flag: String) throws(UsageError) -> String {
            i += 1
            guard i < arguments.count else { throw UsageError(description: "\(flag) needs a value") }
            return arguments[i]
        }
        func integer(_ flag: String, min: Int) throws(UsageError) -> Int {
            let text = try value(flag)
            guard let n = Int(text), n >= min else { throw UsageError(description: "\(flag) needs an integer ≥ \(min), found '\(text)'") }
            return n
        }
        while i < arguments.count {
            let flag = arguments[i]
            switch flag {
            case "--seed":
                let text = try value(flag)
                guard let s = UInt64(text) else { throw UsageError(description: "--seed needs an unsigned integer, found '\(text)'") }
                seed = s
            case "--activation":
                activation = try value(flag)
                guard ["relu", "tanh", "sigmoid", "identity"].contains(activation) else {
                    throw UsageError(description: "unknown activation '\(activation)'")
                }
            case "--layers":
                let text = try value(flag)
                let parts = text.split(separator: ",").map { Int($0) }
                guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) > 0 }) else {
                    throw UsageError(description: "--layers needs positive widths like 16,16, found '\(text)'")
                }
                hidden = parts.compactMap { $0 }
            case "--scaling":
                let text = try value(flag)
                guard let s = Scaling(rawValue: text) else { throw UsageError(description: "unknown scaling '\(text)'") }
                scaling = s
            case "--theta": parameterized = true
            case "--no-theta": parameterized = false
            case "--features": features = try integer(flag, min: 1)
            case "--rows": rows = try integer(flag, min: 1)
            case "--output": output = try value(flag)
            default: throw UsageError(description: "unknown option '\(flag)'")
            }
            i += 1
        }
        guard !output.isEmpty else { throw UsageError(description: "--output is required") }
    }
}
