extension GraphReader {
    /// A Gemm node as a layer taking `expectedFanIn` values (nil: a symbolic width, which this
    /// Gemm's weight then fixes), with alpha and beta multiplied into its weight and bias.
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
        let (bDims, bValues) = try floats(of: b, node: n)
        guard bDims.count == 2 else {
            throw .shapeMismatch(file: file, node: n, tensor: b.name, reason: "rank \(bDims.count), expected 2")
        }
        let (units, fanIn) = transB == 1 ? (bDims[0], bDims[1]) : (bDims[1], bDims[0])
        guard units > 0, fanIn > 0 else {
            throw .shapeMismatch(file: file, node: n, tensor: b.name, reason: "shape \(bDims) has an empty dimension")
        }
        if let expectedFanIn, expectedFanIn != fanIn {
            throw .shapeMismatch(
                file: file, node: n, tensor: b.name,
                reason: "the Gemm's weight takes \(fanIn) inputs but the node receives \(expectedFanIn)")
        }
        var weights = bValues
        if transB == 0 {
            for k in 0..<fanIn { for u in 0..<units { weights[u * fanIn + k] = bValues[k * units + u] } }
        }
        if alpha != 1 {
            weights = weights.map { Float(Double($0) * Double(alpha)) }
            try requireFinite(weights, node: n, tensor: "\(b.name) × alpha")
        }
        let bias = try gemmBias(node, index: n, initializers: initializers, units: units, beta: beta)
        return ONNXLayer(fanIn: fanIn, units: units, weights: weights, bias: bias, activation: .identity)
    }

    /// A Gemm's bias C as `units` values times beta: absent (zeros), `[units]`, `[1, units]`,
    /// or one value broadcast.
    func gemmBias(_ node: NodeProto, index n: Int, initializers: [String: TensorProto], units: Int, beta: Float)
        throws(ONNXError) -> [Float]
    {
        guard node.input.count == 3, !node.input[2].isEmpty else { return [Float](repeating: 0, count: units) }
        guard let c = initializers[node.input[2]] else {
            throw refuse("input '\(node.input[2])' of node \(n) (Gemm) is not a constant initializer")
        }
        let (cDims, cValues) = try floats(of: c, node: n)
        let vector = cDims == [units] || cDims == [1, units]
        let scalar = cValues.count == 1 && cDims.allSatisfy { $0 == 1 }
        guard vector || scalar else {
            throw .shapeMismatch(
                file: file, node: n, tensor: c.name, reason: "shape \(cDims), expected [\(units)] or [1, \(units)]")
        }
        var bias = vector ? cValues : [Float](repeating: cValues[0], count: units)
        if beta != 1 {
            bias = bias.map { Float(Double($0) * Double(beta)) }
            try requireFinite(bias, node: n, tensor: "\(c.name) × beta")
        }
        return bias
    }

    /// A dense FLOAT tensor's dimensions and values, checked against each other and for finiteness.
    func floats(of tensor: TensorProto, node n: Int) throws(ONNXError) -> (dims: [Int], values: [Float]) {
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
        let values: [Float]
        if let raw = tensor.rawData {
            guard raw.count == count * 4 else {
                throw refuse("initializer '\(tensor.name)' has \(raw.count) bytes of raw data for \(count) floats")
            }
            values = (0..<count).map { i in
                let b = i * 4
                return Float(
                    bitPattern: UInt32(raw[b]) | UInt32(raw[b + 1]) << 8 | UInt32(raw[b + 2]) << 16
                        | UInt32(raw[b + 3]) << 24)
            }
        } else {
            guard tensor.floatData.count == count else {
                throw refuse(
                    "initializer '\(tensor.name)' holds \(tensor.floatData.count) floats for shape \(tensor.dims)")
            }
            values = tensor.floatData
        }
        try requireFinite(values, node: n, tensor: tensor.name)
        return (dims, values)
    }

    /// Refuses a NaN or infinite value, naming its node, tensor and place: one would make every
    /// score it reaches NaN, which no caller could tell from a result.
    func requireFinite(_ values: [Float], node n: Int, tensor: String) throws(ONNXError) {
        if let i = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteValue(file: file, node: n, tensor: tensor, index: i, value: values[i])
        }
    }

    func attribute(_ name: String, of node: NodeProto) -> AttributeProto? {
        node.attribute.last { $0.name == name }
    }

    /// A float attribute, which must be finite, or `value` where the node has none.
    func floatAttribute(_ name: String, of node: NodeProto, index n: Int, default value: Float) throws(ONNXError)
        -> Float
    {
        guard let a = attribute(name, of: node) else { return value }
        guard a.type == AttributeProto.Kind.float.rawValue, let f = a.f else {
            throw refuse("attribute '\(name)' of node \(n) (\(node.opType)) is not a float")
        }
        try requireFinite([f], node: n, tensor: "attribute \(name)")
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
