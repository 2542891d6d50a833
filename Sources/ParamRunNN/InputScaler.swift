/// A per-column affine map applied to inputs before the first layer: x′ = (x − offset) × scale.
///
/// It is stored in the model file, so a loaded network takes raw inputs exactly as in training.
public struct InputScaler: Codable, Hashable, Sendable {
    /// Per input column: subtracted first (x′ = (x − offset) × scale).
    public var offsets: [Float]
    /// Per input column: the factor applied after the offset.
    public var scales: [Float]

    /// A scaler with one offset and one scale per input column.
    ///
    /// - Throws: ``NNError/shapeMismatch(what:expected:found:)`` when the counts differ.
    public init(offsets: [Float], scales: [Float]) throws {
        guard offsets.count == scales.count else {
            throw NNError.shapeMismatch(what: "scaler", expected: "\(offsets.count) scales", found: "\(scales.count)")
        }
        self.offsets = offsets
        self.scales = scales
    }

    /// Standardises each column of `features` to mean 0 and standard deviation 1 (scale 1 for constant columns).
    public static func standardizing(_ features: Matrix) -> InputScaler {
        var offsets = [Float](), scales = [Float]()
        for c in 0..<features.columns {
            var sum = 0.0, sumSquares = 0.0
            for r in 0..<features.rows {
                let v = Double(features.values[r * features.columns + c])
                sum += v
                sumSquares += v * v
            }
            let n = Double(max(features.rows, 1))
            let mean = sum / n
            let sd = max(sumSquares / n - mean * mean, 0).squareRoot()
            offsets.append(Float(mean))
            scales.append(sd > 0 ? Float(1 / sd) : 1)
        }
        return try! InputScaler(offsets: offsets, scales: scales)
    }

    var count: Int { offsets.count }

    /// Copies row `source` into `destination`, scaled.
    @inline(__always)
    func apply(_ source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, columns: Int) {
        offsets.withUnsafeBufferPointer { o in
            scales.withUnsafeBufferPointer { s in
                for k in 0..<columns { destination[k] = (source[k] - o[k]) * s[k] }
            }
        }
    }
}
