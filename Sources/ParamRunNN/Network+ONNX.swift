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
        for (i, layer) in layers.enumerated() where layer.activation.onnxActivation == nil {
            return
                "layer \(i + 1)'s activation '\(layer.activation.rawValue)' has no operator in the ONNX subset "
                + "paramrun writes"
        }
        var fanIn = Double(inputCount), count = 0.0
        for (l, layer) in layers.enumerated() {
            count += fanIn * Double(layer.units) + Double(layer.units)
            // An affine layer's two θ maps are written against the whole input row.
            if conditioning != .concat, l < layers.count - 1 {
                count += 2 * (Double(inputCount) + 1) * Double(layer.units)
            }
            fanIn = Double(layer.units)
        }
        let bytes = 4 * count
        if bytes > Double(ONNXImporter.maximumFileSize) {
            return
                "its \(formatNumber(count)) weights and biases take \(formatNumber(bytes)) bytes, over "
                + "the \(ONNXImporter.maximumFileSize)-byte limit of an ONNX file paramrun writes and reads back"
        }
        return nil
    }
}

extension Network {
    /// The network as ONNXFormat holds it: one layer per dense layer, weights transposed from
    /// paramrun's input-major layout (fanIn × units) to Gemm's unit-major one, the input scaler
    /// left unfolded (the exporter folds it), and the input columns named in `metadata`
    /// (features, parameters, input order) beside whatever `metadata` the caller adds.
    public func onnxDescription(metadata: [String: String] = [:], producerVersion: String = ParamRun.version) throws
        -> ONNXNetworkDescription
    {
        if let problem = architecture.onnxExportProblem {
            throw NNError.invalidConfiguration("cannot export as ONNX: \(problem)")
        }
        var layers: [ONNXLayer] = []
        for segment in architecture.segments {
            guard let activation = segment.activation.onnxActivation else { continue }
            let weights = Array(
                parameters[segment.weightOffset..<(segment.weightOffset + segment.fanIn * segment.fanOut)])
            let bias = Array(parameters[segment.biasOffset..<(segment.biasOffset + segment.fanOut)])
            do {
                var layer = try ONNXLayer(
                    fanIn: segment.fanIn, units: segment.fanOut, inputMajorWeights: weights,
                    bias: bias, activation: activation)
                layer.modulation = segment.modulation.map { modulation(of: $0, units: segment.fanOut) }
                layers.append(layer)
            } catch {
                throw NNError.invalidConfiguration("cannot export as ONNX: \(error)")
            }
        }
        var all = metadata
        if !featureNames.isEmpty {
            // θ's components: its conditions (`jes`), then the mass θ, which is the last column.
            let parameters = parameterNames
            all[ONNXMetadataKey.inputOrder] = Self.jsonArray(featureNames)
            all[ONNXMetadataKey.parameters] = Self.jsonArray(parameters)
            all[ONNXMetadataKey.features] = Self.jsonArray(featureNames.filter { !parameters.contains($0) })
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
        // The indexing below trusts the shapes: a description built by hand gets the importer's checks.
        do { try description.validate() } catch { throw refuse("its tensors do not fit together: \(error)") }
        var shapes: [LayerShape] = []
        var parameters: [Float] = []
        var maps: [Float] = []
        let modulated = description.layers.map { $0.modulation != nil }
        let affine = modulated.contains(true)
        if affine, modulated != description.layers.indices.map({ $0 < description.layers.count - 1 }) {
            throw refuse(
                "only some of its layers are scaled and shifted; paramrun's affine networks modulate every hidden "
                    + "layer and not the output"
            )
        }
        let d = description.inputCount
        for (i, layer) in description.layers.enumerated() {
            guard let activation = Self.activation(of: layer.activation) else {
                throw refuse("layer \(i + 1) uses LeakyRelu, which paramrun's networks do not have")
            }
            shapes.append(LayerShape(units: layer.units, activation: activation))
            // Back to paramrun's input-major layout: W[in][unit].
            var inputMajor = [Float](repeating: 0, count: layer.weights.count)
            for u in 0..<layer.units {
                for k in 0..<layer.fanIn { inputMajor[k * layer.units + u] = layer.weights[u * layer.fanIn + k] }
            }
            parameters += inputMajor
            parameters += layer.bias
            if let m = layer.modulation {
                // paramrun's maps read θ, the last column, alone: θ × units weights, then the biases.
                for (weights, bias) in [(m.scaleWeights, m.scaleBias), (m.shiftWeights, m.shiftBias)] {
                    for u in 0..<layer.units where (0..<(d - 1)).contains(where: { weights[u * d + $0] != 0 }) {
                        throw refuse("layer \(i + 1)'s modulation reads input columns other than θ, the last")
                    }
                    maps += (0..<layer.units).map { weights[$0 * d + d - 1] }
                    maps += bias
                }
            }
        }
        parameters += maps
        let metadata = description.metadata
        guard let orderText = metadata[ONNXMetadataKey.inputOrder], let order = Self.parseArray(orderText) else {
            throw refuse(
                "it has no readable '\(ONNXMetadataKey.inputOrder)' metadata naming its input columns, so paramrun "
                    + "cannot tell which event columns to feed it"
            )
        }
        guard order.count == description.inputCount else {
            throw refuse(
                "'\(ONNXMetadataKey.inputOrder)' names \(order.count) columns but the input "
                    + "has \(description.inputCount)"
            )
        }
        let parameterNames = metadata[ONNXMetadataKey.parameters].flatMap(Self.parseArray) ?? []
        var thetaColumn: Int?
        var metadataOut = metadata
        // The last parameter is the mass θ, in the last column; any before it are θ conditions.
        if let name = parameterNames.last {
            guard order.last == name else { throw refuse("its parameter '\(name)' is not the last input column") }
            thetaColumn = order.count - 1
            let conditions = parameterNames.dropLast()
            if let missing = conditions.first(where: { !order.contains($0) }) {
                throw refuse("its parameter '\(missing)' is not one of its input columns")
            }
            if !conditions.isEmpty { metadataOut[Self.conditionsMetadataKey] = conditions.joined(separator: ",") }
        }
        if affine, thetaColumn == nil {
            throw refuse("its layers are scaled and shifted, but it names no parameter θ to do it with")
        }
        let scaler = try description.inputScaling.map { try InputScaler(offsets: $0.offsets, scales: $0.scales) }
        let conditioning: Conditioning = affine ? .affine(thetaCount: 1) : .concat
        try self.init(
            architecture: Architecture(inputCount: description.inputCount, layers: shapes, conditioning: conditioning),
            parameters: parameters,
            scaler: scaler, featureNames: order, thetaColumn: thetaColumn, metadata: metadataOut)
    }

    /// paramrun's activation for an ONNX one; nil for LeakyRelu, which paramrun's networks lack.
    private static func activation(of onnx: ONNXActivation) -> Activation? {
        switch onnx {
        case .identity: return .linear
        case .relu: return .relu
        case .tanh: return .tanh
        case .sigmoid: return .sigmoid
        case .leakyRelu: return nil
        }
    }

    /// One hidden layer's θ maps as maps of the whole input row: zero weight on every column but θ's.
    private func modulation(of m: Architecture.ModulationSegment, units: Int) -> ONNXModulation {
        let d = architecture.inputCount, k = m.thetaCount
        func rowMap(_ offset: Int) -> [Float] {
            var weights = [Float](repeating: 0, count: units * d)
            for u in 0..<units { for j in 0..<k { weights[u * d + d - k + j] = parameters[offset + j * units + u] } }
            return weights
        }
        return ONNXModulation(
            scaleWeights: rowMap(m.scaleWeightOffset),
            scaleBias: Array(parameters[m.scaleBiasOffset..<(m.scaleBiasOffset + units)]),
            shiftWeights: rowMap(m.shiftWeightOffset),
            shiftBias: Array(parameters[m.shiftBiasOffset..<(m.shiftBiasOffset + units)]))
    }

    static func jsonArray(_ names: [String]) -> String {
        (try? JSONCoding.canonical(names)) ?? "[]"
    }

    static func parseArray(_ text: String) -> [String]? {
        try? JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}
