/// Writes a network as an ONNX model: IR version 7, opset 13 of the default domain.
///
/// The graph takes one float tensor `inputs` of shape [N, inputCount] holding raw values and
/// gives `score` of shape [N, outputCount]. Each layer is a `Gemm` (transB = 1) followed by
/// its activation node (none for the identity). Input scaling is folded into the first Gemm. A
/// layer with a modulation then has two more Gemms of the input row, its scale and shift, and a
/// `Mul` and an `Add` node: h = activation ⊙ scale + shift.
public enum ONNXExporter {
    /// The graph input's name.
    public static let inputName = "inputs"
    /// The graph output's name.
    public static let outputName = "score"
    /// The symbolic batch dimension of the input and output.
    public static let batchDimension = "N"
    /// The model's `producer_name`.
    public static let producerName = "paramrun"
    /// IR version 7 and opset 13: what ONNX Runtime, TMVA SOFIE and lwtnn's converter all accept.
    public static let irVersion: Int64 = 7
    /// The default-domain opset the graph is written for (Gemm and the activations as of opset 13).
    public static let opsetVersion: Int64 = 13

    /// The model's protobuf bytes; identical descriptions give identical bytes.
    public static func serialize(_ network: ONNXNetworkDescription) throws(ONNXError) -> [UInt8] {
        try model(for: network).serialized
    }

    static func model(for original: ONNXNetworkDescription) throws(ONNXError) -> ModelProto {
        let network = try original.foldingInputScaling()
        var graph = GraphProto()
        graph.name = "paramrun_mlp"
        var previous = inputName
        for (i, layer) in network.layers.enumerated() {
            let isLast = i == network.layers.count - 1
            let weightName = "layer\(i).weight", biasName = "layer\(i).bias"
            graph.initializer.append(
                TensorProto(name: weightName, dims: [Int64(layer.units), Int64(layer.fanIn)], floats: layer.weights))
            graph.initializer.append(TensorProto(name: biasName, dims: [Int64(layer.units)], floats: layer.bias))

            // What the activation or the modulation hands on: the graph output for the last layer.
            let handed = isLast ? outputName : "layer\(i).output"
            let modulated = layer.modulation != nil
            let gemmOutput = isLast && layer.activation == .identity && !modulated ? outputName : "layer\(i).linear"
            graph.node.append(
                NodeProto(
                    name: "layer\(i).gemm", opType: "Gemm", input: [previous, weightName, biasName],
                    output: [gemmOutput], attribute: [AttributeProto(name: "transB", int: 1)]))
            previous = gemmOutput

            if let op = layer.activation.operatorName {
                let output = modulated ? "layer\(i).activated" : handed
                var attributes: [AttributeProto] = []
                if case let .leakyRelu(alpha) = layer.activation {
                    attributes.append(AttributeProto(name: "alpha", float: alpha))
                }
                graph.node.append(
                    NodeProto(
                        name: "layer\(i).\(op.lowercased())", opType: op, input: [previous],
                        output: [output], attribute: attributes))
                previous = output
            }
            if let m = layer.modulation {
                let maps = [("scale", m.scaleWeights, m.scaleBias), ("shift", m.shiftWeights, m.shiftBias)]
                for (map, weights, bias) in maps {
                    let name = "layer\(i).\(map)"
                    graph.initializer.append(
                        TensorProto(
                            name: "\(name).weight", dims: [Int64(layer.units), Int64(network.inputCount)],
                            floats: weights))
                    graph.initializer.append(
                        TensorProto(name: "\(name).bias", dims: [Int64(layer.units)], floats: bias))
                    graph.node.append(
                        NodeProto(
                            name: "\(name).gemm", opType: "Gemm", input: [inputName, "\(name).weight", "\(name).bias"],
                            output: [name], attribute: [AttributeProto(name: "transB", int: 1)]))
                }
                graph.node.append(
                    NodeProto(
                        name: "layer\(i).mul", opType: "Mul", input: [previous, "layer\(i).scale"],
                        output: ["layer\(i).scaled"], attribute: []))
                graph.node.append(
                    NodeProto(
                        name: "layer\(i).add", opType: "Add", input: ["layer\(i).scaled", "layer\(i).shift"],
                        output: [handed], attribute: []))
                previous = handed
            }
        }
        graph.input = [floatMatrix(inputName, columns: network.inputCount)]
        graph.output = [floatMatrix(outputName, columns: network.outputCount)]

        var model = ModelProto()
        model.irVersion = irVersion
        model.opsetImport = [OperatorSetIdProto(domain: "", version: opsetVersion)]
        model.producerName = producerName
        model.producerVersion = network.producerVersion
        model.graph = graph
        model.metadataProps = network.metadata.keys.sorted().map {
            StringStringEntryProto(key: $0, value: network.metadata[$0] ?? "")
        }
        return model
    }

    /// A float [N, columns] tensor's type, N symbolic.
    private static func floatMatrix(_ name: String, columns: Int) -> ValueInfoProto {
        let shape = TensorShapeProto(dims: [.init(param: batchDimension), .init(value: Int64(columns))])
        return ValueInfoProto(
            name: name, type: TypeProto(tensorType: .init(elemType: TensorProto.floatType, shape: shape)))
    }
}
