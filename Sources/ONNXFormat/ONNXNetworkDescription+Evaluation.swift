extension ONNXNetworkDescription {
    /// Scores raw input rows (features, then θ) with a plain forward pass, without any NN engine.
    ///
    /// Works in Double throughout, so it serves as the reference the exported graph is checked
    /// against. An unfolded `inputScaling` is applied first; each result row has `outputCount` values.
    public func evaluate(rows: [[Float]]) throws(ONNXError) -> [[Double]] {
        try validate()
        let layerWeights = layers.map { $0.weights.map(Double.init) }
        let layerBiases = layers.map { $0.bias.map(Double.init) }
        let offsets = inputScaling.map { $0.offsets.map(Double.init) }
        let scales = inputScaling.map { $0.scales.map(Double.init) }
        let widest = layers.reduce(inputCount) { max($0, $1.units) }
        var current = [Double](repeating: 0, count: widest)
        var next = [Double](repeating: 0, count: widest)
        var results: [[Double]] = []
        results.reserveCapacity(rows.count)

        for (r, row) in rows.enumerated() {
            guard row.count == inputCount else { throw .invalidInput(row: r, expected: inputCount, found: row.count) }
            for k in 0..<inputCount {
                var x = Double(row[k])
                if let offsets, let scales { x = (x - offsets[k]) * scales[k] }
                current[k] = x
            }
            for (i, layer) in layers.enumerated() {
                let n = layer.fanIn
                layerWeights[i].withUnsafeBufferPointer { w in
                    for u in 0..<layer.units {
                        var sum = layerBiases[i][u]
                        let base = u * n
                        for k in 0..<n { sum += w[base + k] * current[k] }
                        next[u] = layer.activation.apply(sum)
                    }
                }
                swap(&current, &next)
            }
            results.append(Array(current[0..<outputCount]))
        }
        return results
    }
}
