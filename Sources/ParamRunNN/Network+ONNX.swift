import Foundation
import ONNXFormat
import ParamRunSupport

extension Activation {
    /// The ONNX operator that expresses this activation, or nil where the subset paramrun writes
    /// has none. Every current case has one; the switch is exhaustive so that a new activation
    /// must decide here, and spec validation refuses to export one that gets nil.
    public var onnxActivation: ONNXActivation? {
        switch self {
        case .relu: return .relu
        case .tanh: return .tanh
        case .sigmoid: return .sigmoid
        case .linear: return .identity
        }
    }
}

extension Architecture {
    /// Why a network of this shape cannot be written as an ONNX file that paramrun reads back, or nil.
    ///
    /// Counted in Double, so that absurd widths in a spec give a message rather than an overflow.
    public var onnxExportProblem: String? {
        if conditioning != .concat {
            return "affine conditioning (θ maps that scale and shift every hidden layer) is not in the ONNX subset paramrun writes yet"
        }
        for (i, layer) in layers.enumerated() where layer.activation.onnxActivation == nil {
            return "layer \(i + 1)'s activation '\(layer.activation.rawValue)' has no operator in the ONNX subset paramrun writes"
        }
        var fanIn = Double(inputCount), count = 0.0
        for layer in layers {
            count += fanIn * Double(layer.units) + Double(layer.units)
            fanIn = Double(layer.units)
        }
        let bytes = 4 * count
        if bytes > Double(ONNXImporter.maximumFileSize) {
            return "its \(formatNumber(count)) weights and biases take \(formatNumber(bytes)) bytes, over the \(ONNXImporter.maximumFileSize)-byte limit of an ONNX file paramrun writes and reads back"
        }
        return nil
    }
}

extension Network {
    /// The network as ONNXFormat holds it: one layer per dense layer, weights transposed from
    /// paramrun's input-major layout (fanIn × units) to Gemm's unit-major one, the input scaler
    /// left unfolded (the exporter folds it), and the input columns named in `metadata`
    /// (features, parameters, input order) beside whatever `metadata` the caller adds.
    public func onnxDescription(metadata: [String: String] = [:], producerVersion: String = ParamRun.version) throws -> ONNXNetworkDescription {
        if let problem = architecture.onnxExportProblem { throw NNError.invalidConfiguration("cannot export as ONNX: \(problem)") }
        var layers: [ONNXLayer] = []
        for segment in architecture.segments {
            guard let activation = segment.activation.onnxActivation else { continue }
            let weights = Array(parameters[segment.weightOffset..<(segment.weightOffset + segment.fanIn * segment.fanOut)])
            let bias = Array(parameters[segment.biasOffset..<(segment.biasOffset + segment.fanOut)])
            do {
                layers.append(try ONNXLayer(fanIn: segment.fanIn, units: segment.fanOut, inputMajorWeights: weights,
                                            bias: bias, activation: activation))
            } catch {
                throw NNError.invalidConfiguration("cannot export as ONNX: \(error)")
            }
        }
        var all = metadata
        if !featureNames.isEmpty {
            let parameters = thetaColumn.map { [featureNames[$0]] } ?? []
            all[ONNXMetadataKey.inputOrder] = Self.jsonArray(featureNames)
            all[ONNXMetadataKey.parameters] = Self.jsonArray(parameters)
            all[ONNXMetadataKey.features] = Self.jsonArray(featureNames.enumerated().filter { $0.offset != thetaColumn }.map(\.element))
        }
        return ONNXNetworkDescription(
            inputCount: architecture.inputCount, layers: layers,
            inputScaling: scaler.map { ONNXInputScaling(offsets: $0.offsets, scales: $0.scales) },
            metadata: all, producerVersion: producerVersion)
    }

    /// A network from an ONNX file's description (`file` names it in errors): the scaling comes
    /// folded into the first layer, so the network has no scaler and takes raw inputs; the input
    /// columns come from the `paramrun.input_order` and `paramrun.parameters` metadata, and all of
    /// the file's metadata is kept in ``metadata``.
    public init(onnx description: ONNXNetworkDescription, file: String) throws {
        func refuse(_ reason: String) -> ONNXError { .unsupportedGraph(file: file, reason: reason) }
        var shapes: [LayerShape] = []
        var parameters: [Float] = []
        for (i, layer) in description.layers.enumerated() {
            let activation: Activation
            switch layer.activation {
            case .identity: activation = .linear
            case .relu: activation = .relu
            case .tanh: activation = .tanh
            case .sigmoid: activation = .sigmoid
            case .leakyRelu: throw refuse("layer \(i + 1) uses LeakyRelu, which paramrun's networks do not have")
            }
            shapes.append(LayerShape(units: layer.units, activation: activation))
            // Back to paramrun's input-major layout: W[in][unit].
            var inputMajor = [Float](repeating: 0, count: layer.weights.count)
            for u in 0..<layer.units {
                for k in 0..<layer.fanIn { inputMajor[k * layer.units + u] = layer.weights[u * layer.fanIn + k] }
            }
            parameters += inputMajor
            parameters += layer.bias
        }
        let metadata = description.metadata
        guard let orderText = metadata[ONNXMetadataKey.inputOrder], let order = Self.parseArray(orderText) else {
            throw refuse("it has no readable '\(ONNXMetadataKey.inputOrder)' metadata naming its input columns, so paramrun cannot tell which event columns to feed it")
        }
        guard order.count == description.inputCount else {
            throw refuse("'\(ONNXMetadataKey.inputOrder)' names \(order.count) columns but the input has \(description.inputCount)")
        }
        let parameterNames = metadata[ONNXMetadataKey.parameters].flatMap(Self.parseArray) ?? []
        guard parameterNames.count <= 1 else {
            throw refuse("it takes \(parameterNames.count) parameters (\(parameterNames.joined(separator: ", "))); paramrun's networks take one")
        }
        var thetaColumn: Int?
        if let name = parameterNames.first {
            guard order.last == name else { throw refuse("its parameter '\(name)' is not the last input column") }
            thetaColumn = order.count - 1
        }
        let scaler = try description.inputScaling.map { try InputScaler(offsets: $0.offsets, scales: $0.scales) }
        try self.init(architecture: Architecture(inputCount: description.inputCount, layers: shapes), parameters: parameters,
                      scaler: scaler, featureNames: order, thetaColumn: thetaColumn, metadata: metadata)
    }

    static func jsonArray(_ names: [String]) -> String {
        (try? JSONCoding.canonical(names)) ?? "[]"
    }

    static func parseArray(_ text: String) -> [String]? {
        try? JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}
