/// The gemms a row-split pass makes, as ``ExactRowSplit`` tries them: they follow from the layers
/// alone, so nothing needs allocating to ask what a network's rows can be cut into.
extension Architecture {
    /// The gemms a piece of a minibatch makes: each layer's forward product and, above the first
    /// layer, its δ·Wᵀ.
    var rowShapes: [ExactRowSplit.Shape] {
        let segments = segments
        return Self.forwardShapes(segments)
            + segments.dropFirst().map {
                ExactRowSplit.Shape(
                    transposeA: false, transposeB: true, n: $0.fanIn, k: $0.fanOut, lda: $0.fanOut, ldb: $0.fanOut,
                    ldc: $0.fanIn)
            }
    }

    /// The forward pass's products, one per layer.
    var forwardShapes: [ExactRowSplit.Shape] { Self.forwardShapes(segments) }

    private static func forwardShapes(_ segments: [Segment]) -> [ExactRowSplit.Shape] {
        segments.map {
            ExactRowSplit.Shape(
                transposeA: false, transposeB: false, n: $0.fanOut, k: $0.fanIn, lda: $0.fanIn, ldb: $0.fanOut,
                ldc: $0.fanOut)
        }
    }

    /// A layer's weight gradient Aₗ₋₁ᵀ·δₗ over a minibatch of `batchRows`, cut by its rows.
    static func weightGradientShape(_ s: Segment, batchRows n: Int) -> ExactRowSplit.Shape {
        ExactRowSplit.Shape(
            transposeA: true, transposeB: false, n: s.fanOut, k: n, lda: s.fanIn, ldb: s.fanOut, ldc: s.fanOut)
    }
}
