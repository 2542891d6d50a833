import Foundation
import ONNXFormat
import ParamRunSupport

/// Builds a seeded random parameterized network and raw input rows resembling physics inputs:
/// features with offsets and spreads far from 0 and 1, so that folding the scaler matters.
struct FixtureBuilder {
    /// The θ values rows cycle through, in GeV, as a mass hypothesis would.
    static let thetaValues: [Float] = [500, 750, 1000, 1250, 1500]

    let options: FixtureOptions
    private var random: SeededGenerator

    init(options: FixtureOptions) {
        self.options = options
        self.random = SeededGenerator(seed: options.seed)
    }

    var inputCount: Int { options.features + (options.parameterized ? 1 : 0) }

    /// How column k's raw values are drawn: a centre and a spread (standard) or a range (min-max).
    struct Column {
        var centre: Double
        var spread: Double
    }

    mutating func columns() -> [Column] {
        (0..<options.features).map { _ in
            Column(
                centre: Double.random(in: -100...300, using: &random),
                spread: Double.random(in: 0.5...60, using: &random))
        }
    }

    mutating func rows(columns: [Column]) -> [[Float]] {
        (0..<options.rows).map { r in
            var row = columns.map { c -> Float in
                switch options.scaling {
                case .minmax: return Float(c.centre + c.spread * Double.random(in: -1...1, using: &random))
                case .standard, .none: return Float(c.centre + c.spread * random.nextNormal())
                }
            }
            if options.parameterized { row.append(Self.thetaValues[r % Self.thetaValues.count]) }
            return row
        }
    }

    /// The scaler a training run would have fitted to these columns (θ included).
    func scaling(columns: [Column]) -> ONNXInputScaling? {
        let thetas = Self.thetaValues.map(Double.init)
        switch options.scaling {
        case .none:
            return nil
        case .standard:
            var offsets = columns.map { Float($0.centre) }, scales = columns.map { Float(1 / $0.spread) }
            if options.parameterized {
                let mean = thetas.reduce(0, +) / Double(thetas.count)
                let sd = (thetas.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(thetas.count)).squareRoot()
                offsets.append(Float(mean))
                scales.append(Float(1 / sd))
            }
            return ONNXInputScaling(offsets: offsets, scales: scales)
        case .minmax:
            var offsets = columns.map { Float($0.centre - $0.spread) },
                scales = columns.map { Float(1 / (2 * $0.spread)) }
            if options.parameterized {
                let lo = thetas.min() ?? 0, hi = thetas.max() ?? 1
                offsets.append(Float(lo))
                scales.append(Float(1 / (hi - lo)))
            }
            return ONNXInputScaling(offsets: offsets, scales: scales)
        }
    }

    /// Glorot-uniform weights, small biases, `options.activation` hidden layers and one sigmoid output.
    mutating func network(scaling: ONNXInputScaling?) throws(ONNXError) -> ONNXNetworkDescription {
        let hiddenActivation: ONNXActivation =
            switch options.activation {
            case "tanh": .tanh
            case "sigmoid": .sigmoid
            case "identity": .identity
            default: .relu
            }
        var layers: [ONNXLayer] = []
        var fanIn = inputCount
        for (i, units) in (options.hidden + [1]).enumerated() {
            let limit = (6 / Double(fanIn + units)).squareRoot()
            let weights = (0..<(fanIn * units)).map { _ in Float(Double.random(in: -limit...limit, using: &random)) }
            let bias = (0..<units).map { _ in Float(Double.random(in: -0.1...0.1, using: &random)) }
            let isOutput = i == options.hidden.count
            layers.append(
                ONNXLayer(
                    fanIn: fanIn, units: units, weights: weights, bias: bias,
                    activation: isOutput ? .sigmoid : hiddenActivation))
            fanIn = units
        }
        let features = (0..<options.features).map { "f\($0)" }
        let parameters = options.parameterized ? ["mass"] : []
        func json(_ strings: [String]) -> String { "[" + strings.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
        var metadata = [
            ONNXMetadataKey.version: "onnx-fixture",
            ONNXMetadataKey.spec: "fixture-seed-\(options.seed)",
            ONNXMetadataKey.stageKey: "fixture",
            ONNXMetadataKey.features: json(features),
            ONNXMetadataKey.parameters: json(parameters),
            ONNXMetadataKey.inputOrder: json(features + parameters),
            ONNXMetadataKey.scaler: "{\"kind\":\"\(options.scaling.rawValue)\","
                + "\"offsets\":[\((scaling?.offsets ?? []).map { "\($0)" }.joined(separator: ","))],"
                + "\"scales\":[\((scaling?.scales ?? []).map { "\($0)" }.joined(separator: ","))]}"
        ]
        if options.parameterized {
            metadata[ONNXMetadataKey.trainingTheta] =
                "[" + Self.thetaValues.map { "\($0)" }.joined(separator: ",") + "]"
            metadata[ONNXMetadataKey.trainingThetaRange] =
                "[\(Self.thetaValues.min() ?? 0),\(Self.thetaValues.max() ?? 0)]"
        }
        return ONNXNetworkDescription(
            inputCount: inputCount, layers: layers, inputScaling: scaling,
            metadata: metadata, producerVersion: "onnx-fixture")
    }
}
