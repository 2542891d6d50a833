import Foundation
@testable import ONNXFormat
import ParamRunSupport

/// Random networks and inputs shaped like paramrun's: hidden layers of one activation, a
/// sigmoid output, inputs with offsets and spreads far from 0 and 1.
enum SeededNetworks {
    static func network(
        inputs: Int, hidden: [Int], activation: ONNXActivation, scaling: ONNXInputScaling?,
        using random: inout SeededGenerator
    ) -> ONNXNetworkDescription {
        var layers: [ONNXLayer] = []
        var fanIn = inputs
        for (i, units) in (hidden + [1]).enumerated() {
            let limit = Float((6 / Double(fanIn + units)).squareRoot())
            layers.append(
                ONNXLayer(
                    fanIn: fanIn, units: units,
                    weights: (0..<(fanIn * units)).map { _ in Float.random(in: -limit...limit, using: &random) },
                    bias: (0..<units).map { _ in Float.random(in: -0.1...0.1, using: &random) },
                    activation: i == hidden.count ? .sigmoid : activation))
            fanIn = units
        }
        return ONNXNetworkDescription(
            inputCount: inputs, layers: layers, inputScaling: scaling,
            metadata: ["paramrun.spec": "test", "paramrun.features": "[\"a\"]"],
            producerVersion: "test")
    }

    /// Column centres and spreads; the scaler is standard (offset centre, scale 1/spread) or
    /// min-max (offset centre − spread, scale 1/(2·spread)). Centres reach 60 spreads from zero,
    /// beyond physics inputs (a mass of 1000 ± 350 GeV is 3), since folding loses accuracy with that ratio.
    static func columns(_ count: Int, using random: inout SeededGenerator) -> [(centre: Float, spread: Float)] {
        (0..<count).map { _ in (Float.random(in: -100...300, using: &random), Float.random(in: 5...60, using: &random))
        }
    }

    static func standardScaling(_ columns: [(centre: Float, spread: Float)]) -> ONNXInputScaling {
        ONNXInputScaling(offsets: columns.map(\.centre), scales: columns.map { 1 / $0.spread })
    }

    static func minMaxScaling(_ columns: [(centre: Float, spread: Float)]) -> ONNXInputScaling {
        ONNXInputScaling(offsets: columns.map { $0.centre - $0.spread }, scales: columns.map { 1 / (2 * $0.spread) })
    }

    static func rows(_ count: Int, columns: [(centre: Float, spread: Float)], using random: inout SeededGenerator)
        -> [[Float]]
    {
        (0..<count).map { _ in columns.map { $0.centre + $0.spread * Float.random(in: -2...2, using: &random) } }
    }
}
