/// A multilayer perceptron as an ONNX file holds it: input width, dense layers in order, an
/// optional input scaling still to be folded into the first layer, and string metadata.
///
/// The exporter writes it; the importer reads one back (with the scaling already folded,
/// so `inputScaling` is nil); `evaluate(rows:)` scores rows with it directly.
public struct ONNXNetworkDescription: Equatable, Sendable {
    /// Width of each input row: the raw features, then θ for a parameterized network.
    public var inputCount: Int
    /// The layers, first to last; the last one's outputs are the graph output `score`.
    public var layers: [ONNXLayer]
    /// Scaling applied to raw inputs before the first layer, or nil if the layers take raw inputs.
    public var inputScaling: ONNXInputScaling?
    /// Written as `metadata_props`, in sorted key order so the bytes are deterministic.
    public var metadata: [String: String]
    /// Written as the model's `producer_version`.
    public var producerVersion: String

    /// A network of `layers` taking `inputCount` columns, with the input scaling folded in on export when given.
    public init(
        inputCount: Int, layers: [ONNXLayer], inputScaling: ONNXInputScaling? = nil,
        metadata: [String: String] = [:], producerVersion: String = ""
    ) {
        self.inputCount = inputCount
        self.layers = layers
        self.inputScaling = inputScaling
        self.metadata = metadata
        self.producerVersion = producerVersion
    }

    /// Width of each output row.
    public var outputCount: Int { layers.last?.units ?? 0 }

    /// Checks that the layers chain, every array has the length its shape implies, and every
    /// value is finite.
    public func validate() throws(ONNXError) {
        guard inputCount > 0 else {
            throw .invalidDescription(reason: "the network needs at least one input, found \(inputCount)")
        }
        guard !layers.isEmpty else { throw .invalidDescription(reason: "the network needs at least one layer") }
        var fanIn = inputCount
        for (i, layer) in layers.enumerated() {
            guard layer.fanIn == fanIn else {
                throw .invalidDescription(reason: "layer \(i) takes \(layer.fanIn) inputs but receives \(fanIn)")
            }
            guard layer.units > 0 else { throw .invalidDescription(reason: "layer \(i) has \(layer.units) units") }
            let (count, overflow) = layer.units.multipliedReportingOverflow(by: layer.fanIn)
            guard !overflow, layer.weights.count == count else {
                throw .invalidDescription(
                    reason: "layer \(i) (\(layer.fanIn)→\(layer.units)) has \(layer.weights.count) weights")
            }
            guard layer.bias.count == layer.units else {
                throw .invalidDescription(reason: "layer \(i) has \(layer.units) units but \(layer.bias.count) biases")
            }
            if let m = layer.modulation {
                let weights = layer.units * inputCount
                guard m.scaleWeights.count == weights, m.shiftWeights.count == weights,
                    m.scaleBias.count == layer.units, m.shiftBias.count == layer.units
                else {
                    throw .invalidDescription(
                        reason: "layer \(i)'s modulation needs \(weights) weights and \(layer.units) biases per map")
                }
            }
            fanIn = layer.units
        }
        if let s = inputScaling {
            guard s.offsets.count == inputCount, s.scales.count == inputCount else {
                throw .invalidDescription(
                    reason:
                        "input scaling has \(s.offsets.count) offsets and \(s.scales.count) scales "
                        + "for \(inputCount) inputs"
                )
            }
        }
        try requireFiniteValues()
    }

    /// Refuses a NaN or infinite weight, bias or scaling value, naming where it is.
    private func requireFiniteValues() throws(ONNXError) {
        var arrays: [(name: String, values: [Float])] = []
        for (i, layer) in layers.enumerated() {
            arrays += [("layer \(i)'s weights", layer.weights), ("layer \(i)'s biases", layer.bias)]
            if let m = layer.modulation {
                arrays += [
                    ("layer \(i)'s scale weights", m.scaleWeights), ("layer \(i)'s scale biases", m.scaleBias),
                    ("layer \(i)'s shift weights", m.shiftWeights), ("layer \(i)'s shift biases", m.shiftBias)
                ]
            }
        }
        if let s = inputScaling { arrays += [("the input offsets", s.offsets), ("the input scales", s.scales)] }
        for (name, values) in arrays {
            if let k = values.firstIndex(where: { !$0.isFinite }) {
                throw .invalidDescription(reason: "\(name) hold \(values[k]) at \(k); every value must be finite")
            }
        }
        for (i, layer) in layers.enumerated() {
            if case .leakyRelu(let alpha) = layer.activation, !alpha.isFinite {
                throw .invalidDescription(reason: "layer \(i)'s LeakyRelu alpha is \(alpha); it must be finite")
            }
        }
    }

    /// The same network with its input scaling folded into the first layer, so it takes raw inputs.
    ///
    /// W′[u][k] = W[u][k]·s[k] and b′[u] = b[u] − Σₖ W[u][k]·s[k]·o[k], computed in Double and
    /// rounded to Float once, so folding adds one rounding per value and no accumulated error.
    public func foldingInputScaling() throws(ONNXError) -> ONNXNetworkDescription {
        try validate()
        guard let scaling = inputScaling else { return self }
        var folded = self
        folded.inputScaling = nil
        var first = folded.layers[0]
        Self.fold(scaling, weights: &first.weights, bias: &first.bias, units: first.units)
        folded.layers[0] = first
        // The modulation maps read the input row too, so they take the same folding.
        for i in folded.layers.indices {
            guard var m = folded.layers[i].modulation else { continue }
            Self.fold(scaling, weights: &m.scaleWeights, bias: &m.scaleBias, units: layers[i].units)
            Self.fold(scaling, weights: &m.shiftWeights, bias: &m.shiftBias, units: layers[i].units)
            folded.layers[i].modulation = m
        }
        return folded
    }

    /// Folds `scaling` into a map of the input row: `units × inputs` weights, unit-major, and its biases.
    private static func fold(_ scaling: ONNXInputScaling, weights: inout [Float], bias: inout [Float], units: Int) {
        let n = scaling.offsets.count
        for u in 0..<units {
            var b = Double(bias[u])
            for k in 0..<n {
                let w = Double(weights[u * n + k]) * Double(scaling.scales[k])
                b -= w * Double(scaling.offsets[k])
                weights[u * n + k] = Float(w)
            }
            bias[u] = Float(b)
        }
    }
}
