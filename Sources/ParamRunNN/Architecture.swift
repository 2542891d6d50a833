
/// One dense layer: `units` outputs, each an activation of an affine map of the layer's inputs.
public struct LayerShape: Codable, Hashable, Sendable {
    public var units: Int
    public var activation: Activation

    public init(units: Int, activation: Activation) {
        self.units = units
        self.activation = activation
    }
}

/// The shape of a multilayer perceptron: its input width and its dense layers, the last being the output.
public struct Architecture: Codable, Hashable, Sendable {
    public var inputCount: Int
    public var layers: [LayerShape]

    public init(inputCount: Int, layers: [LayerShape]) {
        self.inputCount = inputCount
        self.layers = layers
    }

    /// A network with equal hidden activations and one logistic output, as in the paper.
    public init(inputCount: Int, hidden: [Int], activation: Activation = .relu, output: Activation = .sigmoid) {
        self.init(inputCount: inputCount,
                  layers: hidden.map { LayerShape(units: $0, activation: activation) } + [LayerShape(units: 1, activation: output)])
    }

    /// The number of outputs of the network.
    public var outputCount: Int { layers.last?.units ?? 0 }

    /// The number of trainable values, weights and biases together; `Int.max` for a shape so
    /// large the count overflows, which no machine could hold anyway.
    public var parameterCount: Int {
        var fanIn = inputCount, total = 0
        for layer in layers {
            let (weights, o1) = fanIn.multipliedReportingOverflow(by: layer.units)
            let (layerTotal, o2) = weights.addingReportingOverflow(layer.units)
            let (sum, o3) = total.addingReportingOverflow(layerTotal)
            if o1 || o2 || o3 { return Int.max }
            total = sum
            fanIn = layer.units
        }
        return total
    }

    func validate() throws {
        guard inputCount > 0 else { throw NNError.invalidConfiguration("the network needs at least one input, found \(inputCount)") }
        guard !layers.isEmpty else { throw NNError.invalidConfiguration("the network needs at least one layer") }
        for (i, layer) in layers.enumerated() where layer.units <= 0 {
            throw NNError.invalidConfiguration("layer \(i + 1) has \(layer.units) units")
        }
    }

    /// Where each layer's weights (fanIn × units, row-major) and biases sit in the flat parameter vector.
    struct Segment: Equatable {
        var fanIn: Int
        var fanOut: Int
        var weightOffset: Int
        var biasOffset: Int
        var activation: Activation
    }

    var segments: [Segment] {
        var result: [Segment] = []
        var fanIn = inputCount, offset = 0
        for layer in layers {
            let weights = offset
            offset += fanIn * layer.units
            result.append(Segment(fanIn: fanIn, fanOut: layer.units, weightOffset: weights, biasOffset: offset, activation: layer.activation))
            offset += layer.units
            fanIn = layer.units
        }
        return result
    }
}
