import ArgumentParser

/// Command-line options of onnx-fixture: the network and rows to write, and where.
struct FixtureOptions: ParsableArguments {
    enum Scaling: String, ExpressibleByArgument, CaseIterable { case standard, minmax, none }

    @Option(help: "Seed of the network's weights and the rows.")
    var seed: UInt64 = 1

    @Option(help: "Hidden layers' activation: relu, tanh, sigmoid or identity.")
    var activation = "relu"

    @Option(
        name: .customLong("layers"), help: "Hidden layer widths, comma-separated.",
        transform: FixtureOptions.widths)
    var hidden: [Int] = [16, 16]

    @Option(help: "The input scaler folded into the graph.")
    var scaling = Scaling.standard

    @Flag(name: .customLong("theta"), inversion: .prefixedNo, help: "Whether the network takes a mass input.")
    var parameterized = true

    @Option(help: "Event features (inputs besides the mass).")
    var features = 4

    @Option(help: "Rows to score.")
    var rows = 10_000

    @Option(help: "Writes PATH_STEM.onnx and PATH_STEM.csv.")
    var output: String

    static let activations = ["relu", "tanh", "sigmoid", "identity"]

    func validate() throws {
        guard Self.activations.contains(activation) else { throw ValidationError("unknown activation '\(activation)'") }
        guard features >= 1 else { throw ValidationError("--features needs an integer ≥ 1, found '\(features)'") }
        guard rows >= 1 else { throw ValidationError("--rows needs an integer ≥ 1, found '\(rows)'") }
        guard !output.isEmpty else { throw ValidationError("--output is required") }
    }

    private static func widths(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",").map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--layers needs positive widths like 16,16, found '\(text)'")
        }
        return parts.compactMap { $0 }
    }
}
