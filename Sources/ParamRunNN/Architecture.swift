/// One dense layer: `units` outputs, each an activation of an affine map of the layer's inputs.
public struct LayerShape: Codable, Hashable, Sendable {
    /// The number of units (outputs) of the layer.
    public var units: Int
    /// The activation applied to the layer's output.
    public var activation: Activation

    /// A layer of `units` outputs with `activation`.
    public init(units: Int, activation: Activation) {
        self.units = units
        self.activation = activation
    }
}

/// The shape of a multilayer perceptron: its input width, its dense layers (the last being the
/// output) and how θ conditions the hidden layers.
public struct Architecture: Codable, Hashable, Sendable {
    /// The number of input columns, θ included.
    public var inputCount: Int
    /// The layers in order, the last one the output layer.
    public var layers: [LayerShape]
    /// `.concat` (θ an input only) unless the network is affine-conditioned on its last columns.
    public var conditioning: Conditioning

    /// An architecture of `layers` on `inputCount` columns; `conditioning` says how θ enters (concatenated by default).
    public init(inputCount: Int, layers: [LayerShape], conditioning: Conditioning = .concat) {
        self.inputCount = inputCount
        self.layers = layers
        self.conditioning = conditioning
    }

    /// A network with equal hidden activations and one logistic output, as in the paper.
    public init(
        inputCount: Int, hidden: [Int], activation: Activation = .relu, output: Activation = .sigmoid,
        conditioning: Conditioning = .concat
    ) {
        self.init(
            inputCount: inputCount,
            layers: hidden.map { LayerShape(units: $0, activation: activation) } + [
                LayerShape(units: 1, activation: output)
            ],
            conditioning: conditioning)
    }

    private enum CodingKeys: String, CodingKey { case inputCount, layers, conditioning }

    /// `conditioning` is written only when it is affine, so a concatenated network encodes (and
    /// hashes into cache keys and checkpoint fingerprints) exactly as before the key existed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(inputCount, forKey: .inputCount)
        try container.encode(layers, forKey: .layers)
        if conditioning != .concat { try container.encode(conditioning, forKey: .conditioning) }
    }

    /// Reads an architecture; files without `conditioning` read as `.concat`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        inputCount = try container.decode(Int.self, forKey: .inputCount)
        layers = try container.decode([LayerShape].self, forKey: .layers)
        conditioning = try container.decodeIfPresent(Conditioning.self, forKey: .conditioning) ?? .concat
    }

    /// The number of outputs of the network.
    public var outputCount: Int { layers.last?.units ?? 0 }

    /// The number of trainable values, weights and biases together; `Int.max` for a shape so
    /// large the count overflows, which no machine could hold anyway.
    /// With affine conditioning, each hidden layer adds two maps of θ (k × units weights and
    /// units biases each) to the dense layers' count.
    public var parameterCount: Int {
        var fanIn = inputCount, total = 0
        let k = conditioning.thetaCount
        for (l, layer) in layers.enumerated() {
            let (weights, o1) = fanIn.multipliedReportingOverflow(by: layer.units)
            let (layerTotal, o2) = weights.addingReportingOverflow(layer.units)
            let (sum, o3) = total.addingReportingOverflow(layerTotal)
            if o1 || o2 || o3 { return Int.max }
            total = sum
            if k > 0, l < layers.count - 1 {
                let (maps, o4) = (k + 1).multipliedReportingOverflow(by: 2 * layer.units)
                let (withMaps, o5) = total.addingReportingOverflow(maps)
                if o4 || o5 { return Int.max }
                total = withMaps
            }
            fanIn = layer.units
        }
        return total
    }

    func validate() throws {
        guard inputCount > 0 else {
            throw NNError.invalidConfiguration("the network needs at least one input, found \(inputCount)")
        }
        guard !layers.isEmpty else { throw NNError.invalidConfiguration("the network needs at least one layer") }
        for (i, layer) in layers.enumerated() where layer.units <= 0 {
            throw NNError.invalidConfiguration("layer \(i + 1) has \(layer.units) units")
        }
        if case let .affine(k) = conditioning {
            guard (1..<inputCount).contains(k) else {
                throw NNError.invalidConfiguration(
                    "affine conditioning needs 1 to \(inputCount - 1) θ columns among \(inputCount) inputs, found \(k)")
            }
            guard layers.count > 1 else {
                throw NNError.invalidConfiguration("affine conditioning needs at least one hidden layer to condition")
            }
        }
    }

    /// Where each layer's weights (fanIn × units, row-major) and biases sit in the flat parameter vector.
    struct Segment: Equatable {
        var fanIn: Int
        var fanOut: Int
        var weightOffset: Int
        var biasOffset: Int
        var activation: Activation
        /// A hidden layer's θ maps under affine conditioning; nil otherwise.
        var modulation: ModulationSegment?
    }

    /// Where one hidden layer's maps s(θ) = θ·Wₛ + bₛ and b(θ) = θ·W_b + b_b sit: each W is
    /// thetaCount × units, row-major. They follow all the dense layers in the parameter vector, so
    /// the dense layers sit where they sit in a concatenated network of the same shape.
    struct ModulationSegment: Equatable {
        var thetaCount: Int
        var scaleWeightOffset: Int
        var scaleBiasOffset: Int
        var shiftWeightOffset: Int
        var shiftBiasOffset: Int
    }

    var segments: [Segment] {
        var result: [Segment] = []
        var fanIn = inputCount, offset = 0
        for layer in layers {
            let weights = offset
            offset += fanIn * layer.units
            result.append(
                Segment(
                    fanIn: fanIn, fanOut: layer.units, weightOffset: weights, biasOffset: offset,
                    activation: layer.activation))
            offset += layer.units
            fanIn = layer.units
        }
        let k = conditioning.thetaCount
        guard k > 0 else { return result }
        for l in result.indices.dropLast() {
            let units = result[l].fanOut
            let scaleWeights = offset, scaleBiases = offset + k * units
            let shiftWeights = scaleBiases + units, shiftBiases = shiftWeights + k * units
            result[l].modulation = ModulationSegment(
                thetaCount: k, scaleWeightOffset: scaleWeights, scaleBiasOffset: scaleBiases,
                shiftWeightOffset: shiftWeights, shiftBiasOffset: shiftBiases)
            offset = shiftBiases + units
        }
        return result
    }
}
