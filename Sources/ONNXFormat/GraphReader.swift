import Foundation

/// The structural checks of `ONNXImporter.parse`, carrying the file name for its errors.
struct GraphReader {
    let file: String

    func refuse(_ reason: String) -> ONNXError { .unsupportedGraph(file: file, reason: reason) }

    func description(of model: ModelProto) throws(ONNXError) -> ONNXNetworkDescription {
        guard let graph = model.graph else { throw refuse("the model has no graph") }
        guard let opset = model.opsetImport.first(where: { Self.isDefaultDomain($0.domain) }) else {
            throw refuse("the model imports no opset of the default ONNX domain")
        }
        guard opset.version >= ONNXImporter.minimumOpsetVersion else {
            throw refuse("opset \(opset.version) is older than \(ONNXImporter.minimumOpsetVersion)")
        }

        var initializers: [String: TensorProto] = [:]
        for t in graph.initializer {
            guard initializers.updateValue(t, forKey: t.name) == nil else {
                throw refuse("two initializers are named '\(t.name)'")
            }
        }
        let inputs = graph.input.filter { initializers[$0.name] == nil }
        guard inputs.count == 1 else { throw refuse("the graph has \(inputs.count) non-constant inputs, expected 1") }
        guard graph.output.count == 1 else { throw refuse("the graph has \(graph.output.count) outputs, expected 1") }
        let declaredWidth = try matrixWidth(of: inputs[0])
        let outputWidth = try matrixWidth(of: graph.output[0])

        var chain = Chain(graphInput: inputs[0].name, width: declaredWidth)
        for (n, node) in graph.node.enumerated() {
            try read(node, index: n, into: &chain, initializers: initializers)
        }
        let layers = chain.layers
        guard !layers.isEmpty else { throw refuse("the graph has no Gemm node") }
        guard chain.pendingScale == nil else { throw refuse("the last Mul has no Add to complete it") }
        guard chain.current == graph.output[0].name else {
            let output = graph.output[0].name
            throw refuse("the chain of nodes ends in '\(chain.current)', not in the graph output '\(output)'")
        }
        let finalWidth = layers[layers.count - 1].units
        if let outputWidth, outputWidth != finalWidth {
            throw .shapeMismatch(
                file: file, node: graph.node.count - 1, tensor: graph.output[0].name,
                reason: "the output is declared \(outputWidth) wide but the last Gemm gives \(finalWidth)")
        }
        let metadata = try metadata(of: model)
        let description = ONNXNetworkDescription(
            inputCount: layers[0].fanIn, layers: layers, inputScaling: nil,
            metadata: metadata, producerVersion: model.producerVersion)
        // Every shape was checked node by node above; this is the whole network checked once more
        // as the evaluator and the engines will take it, so no reader of it can index past an array.
        do {
            try description.validate()
        } catch {
            throw refuse("its tensors do not fit together: \(error)")
        }
        return description
    }

    /// The chain read so far: its layers, the value the next node must take, and the modulation
    /// maps waiting to be applied.
    struct Chain {
        var layers: [ONNXLayer] = []
        var layerHasActivation = false
        let graphInput: String
        var current: String
        /// The width of the value `current`, nil while it is the graph input of a symbolic width.
        var width: Int?
        /// The graph input's width: declared, or else the fan-in of the first Gemm that reads it.
        /// Every later Gemm of the input (a modulation map) must take the same width.
        var inputWidth: Int?
        /// Gemms of the graph input beside the chain (modulation maps), by output name.
        var maps: [String: ONNXLayer] = [:]
        /// The scale map a Mul has applied to the current layer, waiting for its Add.
        var pendingScale: ONNXLayer?

        init(graphInput: String, width: Int?) {
            self.graphInput = graphInput
            self.current = graphInput
            self.width = width
            self.inputWidth = width
        }
    }

    /// Adds node `n` to the chain: a modulation map, a Mul or Add of one, a Gemm layer, its
    /// activation, or an Identity.
    func read(_ node: NodeProto, index n: Int, into chain: inout Chain, initializers: [String: TensorProto])
        throws(ONNXError)
    {
        guard Self.isDefaultDomain(node.domain) else {
            throw .unsupportedOperator(file: file, node: n, opType: "\(node.domain).\(node.opType)")
        }
        if node.opType == "Gemm", node.input.first == chain.graphInput, chain.current != chain.graphInput {
            guard node.output.count == 1 else { throw refuse("node \(n) (Gemm) gives \(node.output.count) outputs") }
            if let extra = node.attribute.first(where: { !["alpha", "beta", "transA", "transB"].contains($0.name) }) {
                throw refuse("node \(n) (Gemm) has attribute '\(extra.name)', which paramrun does not read")
            }
            let map = try gemmLayer(node, index: n, initializers: initializers, fanIn: chain.inputWidth)
            if chain.inputWidth == nil { chain.inputWidth = map.fanIn }
            chain.maps[node.output[0]] = map
            return
        }
        if node.opType == "Mul" || node.opType == "Add" {
            try modulate(node, index: n, chain: &chain)
            return
        }
        guard chain.pendingScale == nil else {
            throw refuse("node \(n) (\(node.opType)) follows a Mul that no Add completed")
        }
        let activation = try activation(of: node, index: n, current: chain.current)
        if node.opType == "Gemm" {
            // Before the first layer the chain's value is the graph input (through Identities).
            let layer = try gemmLayer(
                node, index: n, initializers: initializers, fanIn: chain.width ?? chain.inputWidth)
            if chain.layers.isEmpty, chain.inputWidth == nil { chain.inputWidth = layer.fanIn }
            chain.layers.append(layer)
            chain.width = layer.units
            chain.layerHasActivation = false
        } else if let activation, activation != .identity {
            guard !chain.layers.isEmpty else { throw refuse("node \(n) (\(node.opType)) comes before the first Gemm") }
            guard !chain.layerHasActivation, chain.layers[chain.layers.count - 1].modulation == nil else {
                throw refuse("node \(n) (\(node.opType)) is a second activation after one Gemm")
            }
            chain.layers[chain.layers.count - 1].activation = activation
            chain.layerHasActivation = true
        } else {
            guard node.input.count == 1 else { throw refuse("node \(n) (Identity) takes \(node.input.count) inputs") }
        }
        chain.current = node.output[0]
    }

    /// A Mul scales the current layer by a modulation map; the Add after it shifts it, completing
    /// the layer's ``ONNXModulation``.
    func modulate(_ node: NodeProto, index n: Int, chain: inout Chain) throws(ONNXError) {
        guard node.input.count == 2, node.output.count == 1, node.input[0] == chain.current,
            let map = chain.maps[node.input[1]], !chain.layers.isEmpty, node.attribute.isEmpty
        else {
            throw refuse(
                "node \(n) (\(node.opType)) does not scale or shift the current layer '\(chain.current)' "
                    + "by a Gemm of the input")
        }
        guard map.units == chain.width else {
            throw .shapeMismatch(
                file: file, node: n, tensor: node.input[1],
                reason:
                    "the map gives \(map.units) values but the layer it \(node.opType == "Mul" ? "scales" : "shifts") "
                    + "has \(chain.width.map(String.init) ?? "?")")
        }
        if node.opType == "Mul" {
            guard chain.pendingScale == nil, chain.layers[chain.layers.count - 1].modulation == nil else {
                throw refuse("node \(n) (Mul) scales a layer a second time")
            }
            chain.pendingScale = map
        } else {
            guard let scale = chain.pendingScale else {
                throw refuse("node \(n) (Add) shifts a layer that no Mul scaled")
            }
            chain.layers[chain.layers.count - 1].modulation = ONNXModulation(
                scaleWeights: scale.weights, scaleBias: scale.bias, shiftWeights: map.weights, shiftBias: map.bias)
            chain.pendingScale = nil
        }
        chain.current = node.output[0]
    }

    /// The activation a chain node applies (nil for a Gemm), after checking that it takes `current`,
    /// gives one output and carries only the attributes paramrun reads.
    func activation(of node: NodeProto, index n: Int, current: String) throws(ONNXError) -> ONNXActivation? {
        let activation: ONNXActivation?
        switch node.opType {
        case "Gemm": activation = nil
        case "Relu": activation = .relu
        case "Tanh": activation = .tanh
        case "Sigmoid": activation = .sigmoid
        case "LeakyRelu": activation = .leakyRelu(alpha: try floatAttribute("alpha", of: node, index: n, default: 0.01))
        case "Identity": activation = .identity
        default: throw .unsupportedOperator(file: file, node: n, opType: node.opType)
        }
        guard node.input.first == current, node.output.count == 1 else {
            throw refuse(
                "node \(n) (\(node.opType)) does not take '\(current)' and give one output, so the graph is not a chain"
            )
        }
        let allowed: Set<String> =
            node.opType == "Gemm"
            ? ["alpha", "beta", "transA", "transB"]
            : node.opType == "LeakyRelu" ? ["alpha"] : []
        if let extra = node.attribute.first(where: { !allowed.contains($0.name) }) {
            throw refuse("node \(n) (\(node.opType)) has attribute '\(extra.name)', which paramrun does not read")
        }
        return activation
    }

    /// The model's metadata properties; a key given twice is refused.
    func metadata(of model: ModelProto) throws(ONNXError) -> [String: String] {
        var metadata: [String: String] = [:]
        for entry in model.metadataProps {
            guard metadata.updateValue(entry.value, forKey: entry.key) == nil else {
                throw refuse("metadata key '\(entry.key)' appears twice")
            }
        }
        return metadata
    }

    static func isDefaultDomain(_ domain: String) -> Bool { domain.isEmpty || domain == "ai.onnx" }

    /// The column count of a float [N, d] value, or nil if its shape leaves d open.
    func matrixWidth(of value: ValueInfoProto) throws(ONNXError) -> Int? {
        guard let tensor = value.type?.tensorType else { throw refuse("'\(value.name)' is not a tensor") }
        guard tensor.elemType == TensorProto.floatType else {
            throw refuse("'\(value.name)' has element type \(tensor.elemType), expected FLOAT (1)")
        }
        guard let shape = tensor.shape else { return nil }
        guard shape.dims.count == 2 else { throw refuse("'\(value.name)' has rank \(shape.dims.count), expected 2") }
        guard let d = shape.dims[1].value else { return nil }
        guard d > 0, d <= Int64(Int32.max) else { throw refuse("'\(value.name)' has width \(d)") }
        return Int(d)
    }
}
