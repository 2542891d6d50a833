extension ONNXNetworkDescription {
    /// Scores raw input rows (features, then θ) with a plain forward pass, without any NN engine.
    ///
    /// Works in Double throughout, so it serves as the reference the exported graph is checked
    /// against. An unfolded `inputScaling` is applied first; each result row has `outputCount` values.
    public func evaluate(rows: [[Float]]) throws(ONNXError) -> [[Double]] {
        try validate()
        for (r, row) in rows.enumerated() where row.count != inputCount {
            throw .invalidInput(row: r, expected: inputCount, found: row.count)
        }
        let weights = layers.map { $0.weights.map(Double.init) }
        let biases = layers.map { $0.bias.map(Double.init) }
        let offsets = inputScaling.map { $0.offsets.map(Double.init) } ?? [Double](repeating: 0, count: inputCount)
        let scales = inputScaling.map { $0.scales.map(Double.init) } ?? [Double](repeating: 1, count: inputCount)
        let widest = layers.reduce(inputCount) { max($0, $1.units) }
        var current = [Double](repeating: 0, count: widest)
        var next = [Double](repeating: 0, count: widest)
        var results: [[Double]] = []
        results.reserveCapacity(rows.count)

        // Per modulated layer, its scale and shift maps in Double: (weights, biases) each.
        let maps = layers.map { layer in
            layer.modulation.map { m in
                [
                    (m.scaleWeights.map(Double.init), m.scaleBias.map(Double.init)),
                    (m.shiftWeights.map(Double.init), m.shiftBias.map(Double.init))
                ]
            }
        }
        var scaledRow = [Double](repeating: 0, count: inputCount)
        var map = [Double](repeating: 0, count: widest)
        for row in rows {
            for k in 0..<inputCount { current[k] = (Double(row[k]) - offsets[k]) * scales[k] }
            for k in 0..<inputCount { scaledRow[k] = current[k] }
            for (i, layer) in layers.enumerated() {
                // Buffer pointers: the validated shapes bound every index, and array bounds
                // checks would otherwise dominate the inner product.
                weights[i].withUnsafeBufferPointer { w in
                    biases[i].withUnsafeBufferPointer { b in
                        current.withUnsafeBufferPointer { x in
                            next.withUnsafeMutableBufferPointer { y in
                                Self.affine(
                                    w, b, x, y, fanIn: layer.fanIn, units: layer.units, activation: layer.activation)
                            }
                        }
                    }
                }
                if let pair = maps[i] {
                    // h = s ⊙ h + b, each map affine in the (scaled) input row.
                    for (index, (w, b)) in pair.enumerated() {
                        let isScale = index == 0
                        w.withUnsafeBufferPointer { w in
                            b.withUnsafeBufferPointer { b in
                                scaledRow.withUnsafeBufferPointer { x in
                                    map.withUnsafeMutableBufferPointer { y in
                                        Self.affine(
                                            w, b, x, y, fanIn: inputCount, units: layer.units, activation: .identity)
                                    }
                                }
                            }
                        }
                        for u in 0..<layer.units { next[u] = isScale ? next[u] * map[u] : next[u] + map[u] }
                    }
                }
                swap(&current, &next)
            }
            results.append(Array(current[0..<outputCount]))
        }
        return results
    }

    /// y[u] = activation(b[u] + Σₖ w[u·fanIn + k]·x[k]).
    ///
    /// Four partial sums break the serial dependence of one accumulator, which otherwise limits the
    /// loop to one add per FP latency; in Double the changed summation order is far below Float's.
    private static func affine(
        _ w: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>,
        _ y: UnsafeMutableBufferPointer<Double>, fanIn: Int, units: Int, activation: ONNXActivation
    ) {
        let blocked = fanIn & ~3
        for u in 0..<units {
            let row = u * fanIn
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            var k = 0
            while k < blocked {
                s0 += w[row + k] * x[k]
                s1 += w[row + k + 1] * x[k + 1]
                s2 += w[row + k + 2] * x[k + 2]
                s3 += w[row + k + 3] * x[k + 3]
                k += 4
            }
            while k < fanIn {
                s0 += w[row + k] * x[k]
                k += 1
            }
            y[u] = activation.apply(b[u] + ((s0 + s1) + (s2 + s3)))
        }
    }
}
