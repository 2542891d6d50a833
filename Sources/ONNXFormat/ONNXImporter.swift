import Foundation

/// Reads back the ONNX subset paramrun writes: one float [N, d] input, a chain of `Gemm` nodes
/// each optionally followed by Relu, LeakyRelu, Tanh or Sigmoid (Identity nodes pass through),
/// and one output; a layer may be modulated, its output h becoming `Add(Mul(h, S), B)` where S and
/// B are Gemms of the graph input (affine conditioning). Anything else is refused with an error
/// naming the file and what was found.
///
/// Gemm is accepted with any alpha and beta (folded into the weights and bias), transB 0 or 1,
/// and transA 0; its bias may be absent, [units] or [1, units], or a broadcast single value.
/// Initializers must be dense FLOAT tensors stored in the file (raw_data or float_data).
public enum ONNXImporter {
    /// Files above this size are refused before reading: a 1 GiB MLP is far beyond anything paramrun trains.
    public static let maximumFileSize = 1 << 30
    /// The oldest default-domain opset whose Gemm and activations mean what this reader assumes.
    public static let minimumOpsetVersion: Int64 = 7

    /// Reads and parses the file at `path`.
    public static func read(path: String) throws(ONNXError) -> ONNXNetworkDescription {
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw .unreadableFile(file: path, reason: "no such file or not accessible")
        }
        guard size <= maximumFileSize else {
            throw .unreadableFile(file: path, reason: "\(size) bytes is larger than the \(maximumFileSize)-byte limit")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableFile(file: path, reason: "could not read its contents")
        }
        return try parse(bytes: [UInt8](data), file: path)
    }

    /// Parses ONNX protobuf bytes; `file` only names the source in errors.
    public static func parse(bytes: [UInt8], file: String) throws(ONNXError) -> ONNXNetworkDescription {
        guard bytes.count <= maximumFileSize else {
            throw .unreadableFile(
                file: file, reason: "\(bytes.count) bytes is larger than the \(maximumFileSize)-byte limit")
        }
        let model: ModelProto
        do {
            model = try ModelProto(serialized: bytes)
        } catch {
            throw .malformedProtobuf(file: file, offset: error.offset, reason: error.reason)
        }
        return try GraphReader(file: file).description(of: model)
    }
}

/// The structural checks of `ONNXImporter.parse`, carrying the file name for its errors.
private struct GraphReader {
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
            try read(node, index: n, into: &chain, initializers: initializers, inputWidth: declaredWidth)
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
            throw refuse("the output is declared \(outputWidth) wide but the last Gemm gives \(finalWidth)")
        }
        let metadata = try metadata(of: model)
        return ONNXNetworkDescription(
            inputCount: layers[0].fanIn, layers: layers, inputScaling: nil,
            metadata: metadata, producerVersion: model.producerVersion)
    }

    /// The chain read so far: its layers, the value the next node must take, and the modulation
    /// maps waiting to be applied.
    struct Chain {
        var layers: [ONNXLayer] = []
        var layerHasActivation = false
        let graphInput: String
        var current: String
        var width: Int?
        /// Gemms of the graph input beside the chain (modulation maps), by output name.
        var maps: [String: ONNXLayer] = [:]
        /// The scale map a Mul has applied to the current layer, waiting for its Add.
        var pendingScale: ONNXLayer?

        init(graphInput: String, width: Int?) {
            self.graphInput = graphInput
            self.current = graphInput
            self.width = width
        }
    }

    /// Adds node `n` to the chain: a modulation map, a Mul or Add of one, a Gemm layer, its
    /// activation, or an Identity.
    func read(
        _ node: NodeProto, index n: Int, into chain: inout Chain, initializers: [String: TensorProto],
        inputWidth declaredWidth: Int?
    ) throws(ONNXError) {
        guard Self.isDefaultDomain(node.domain) else {
            throw .unsupportedOperator(file: file, node: n, opType: "\(node.domain).\(node.opType)")
        }
        if node.opType == "Gemm", node.input.first == chain.graphInput, chain.current != chain.graphInput {
            guard node.output.count == 1 else { throw refuse("node \(n) (Gemm) gives \(node.output.count) outputs") }
            if let extra = node.attribute.first(where: { !["alpha", "beta", "transA", "transB"].contains($0.name) }) {
                throw refuse("node \(n) (Gemm) has attribute '\(extra.name)', which paramrun does not read")
            }
            chain.maps[node.output[0]] = try gemmLayer(node, index: n, initializers: initializers, fanIn: declaredWidth)
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
            let layer = try gemmLayer(node, index: n, initializers: initializers, fanIn: chain.width)
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
            let map = chain.maps[node.input[1]], !chain.layers.isEmpty, map.units == chain.width,
            node.attribute.isEmpty
        else {
            throw refuse(
                "node \(n) (\(node.opType)) does not scale or shift the current layer '\(chain.current)' "
                    + "by a Gemm of the input")
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

    func gemmLayer(_ node: NodeProto, index n: Int, initializers: [String: TensorProto], fanIn expectedFanIn: Int?)
        throws(ONNXError) -> ONNXLayer
    {
        guard node.input.count == 2 || node.input.count == 3 else {
            throw refuse("node \(n) (Gemm) has \(node.input.count) inputs")
        }
        let alpha = try floatAttribute("alpha", of: node, index: n, default: 1)
        let beta = try floatAttribute("beta", of: node, index: n, default: 1)
        let transA = try intAttribute("transA", of: node, index: n, default: 0)
        let transB = try intAttribute("transB", of: node, index: n, default: 0)
        guard transA == 0 else {
            throw refuse("node \(n) (Gemm) has transA = \(transA); paramrun reads only transA = 0")
        }
        guard transB == 0 || transB == 1 else { throw refuse("node \(n) (Gemm) has transB = \(transB)") }

        guard let b = initializers[node.input[1]] else {
            throw refuse("input '\(node.input[1])' of node \(n) (Gemm) is not a constant initializer")
        }
        let (bDims, bValues) = try floats(of: b)
        guard bDims.count == 2 else {
            throw refuse("weight '\(b.name)' of node \(n) has rank \(bDims.count), expected 2")
        }
        let (units, fanIn) = transB == 1 ? (bDims[0], bDims[1]) : (bDims[1], bDims[0])
        guard units > 0, fanIn > 0 else { throw refuse("weight '\(b.name)' of node \(n) has an empty dimension") }
        if let expectedFanIn, expectedFanIn != fanIn {
            throw refuse("node \(n) (Gemm) expects \(fanIn) inputs but receives \(expectedFanIn)")
        }
        var weights = bValues
        if transB == 0 {
            for k in 0..<fanIn { for u in 0..<units { weights[u * fanIn + k] = bValues[k * units + u] } }
        }
        if alpha != 1 { weights = weights.map { Float(Double($0) * Double(alpha)) } }

        var bias = [Float](repeating: 0, count: units)
        if node.input.count == 3, !node.input[2].isEmpty {
            guard let c = initializers[node.input[2]] else {
                throw refuse("input '\(node.input[2])' of node \(n) (Gemm) is not a constant initializer")
            }
            let (cDims, cValues) = try floats(of: c)
            let vector = cDims == [units] || cDims == [1, units]
            let scalar = cValues.count == 1 && cDims.allSatisfy { $0 == 1 }
            guard vector || scalar else {
                throw refuse("bias '\(c.name)' of node \(n) has shape \(cDims), expected [\(units)] or [1, \(units)]")
            }
            bias = vector ? cValues : [Float](repeating: cValues[0], count: units)
            if beta != 1 { bias = bias.map { Float(Double($0) * Double(beta)) } }
        }
        return ONNXLayer(fanIn: fanIn, units: units, weights: weights, bias: bias, activation: .identity)
    }

    /// A dense FLOAT tensor's dimensions and values, checked against each other.
    func floats(of tensor: TensorProto) throws(ONNXError) -> (dims: [Int], values: [Float]) {
        guard tensor.dataType == TensorProto.floatType else {
            throw refuse("initializer '\(tensor.name)' has data type \(tensor.dataType), expected FLOAT (1)")
        }
        guard tensor.dataLocation != TensorProto.externalLocation else {
            throw refuse("initializer '\(tensor.name)' keeps its data in an external file")
        }
        var dims: [Int] = []
        var count = 1
        for d in tensor.dims {
            // Any real dimension fits Int32; the product check then bounds the element count.
            guard d >= 0, d <= Int64(Int32.max) else { throw refuse("initializer '\(tensor.name)' has dimension \(d)") }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(d))
            guard !overflow, product <= ONNXImporter.maximumFileSize else {
                throw refuse("initializer '\(tensor.name)' has shape \(tensor.dims), too large")
            }
            dims.append(Int(d))
            count = product
        }
        if let raw = tensor.rawData {
            guard raw.count == count * 4 else {
                throw refuse("initializer '\(tensor.name)' has \(raw.count) bytes of raw data for \(count) floats")
            }
            var values = [Float](repeating: 0, count: count)
            for i in 0..<count {
                let b = i * 4
                values[i] = Float(
                    bitPattern: UInt32(raw[b]) | UInt32(raw[b + 1]) << 8 | UInt32(raw[b + 2]) << 16 | UInt32(raw[b + 3])
                        << 24)
            }
            return (dims, values)
        }
        guard tensor.floatData.count == count else {
            throw refuse("initializer '\(tensor.name)' holds \(tensor.floatData.count) floats for shape \(tensor.dims)")
        }
        return (dims, tensor.floatData)
    }

    func attribute(_ name: String, of node: NodeProto) -> AttributeProto? {
        node.attribute.last { $0.name == name }
    }

    func floatAttribute(_ name: String, of node: NodeProto, index n: Int, default value: Float) throws(ONNXError)
        -> Float
    {
        guard let a = attribute(name, of: node) else { return value }
        guard a.type == AttributeProto.Kind.float.rawValue, let f = a.f else {
            throw refuse("attribute '\(name)' of node \(n) (\(node.opType)) is not a float")
        }
        return f
    }

    func intAttribute(_ name: String, of node: NodeProto, index n: Int, default value: Int64) throws(ONNXError) -> Int64
    {
        guard let a = attribute(name, of: node) else { return value }
        guard a.type == AttributeProto.Kind.int.rawValue, let i = a.i else {
            throw refuse("attribute '\(name)' of node \(n) (\(node.opType)) is not an int")
        }
        return i
    }
}
