/// Where an affine-conditioned forward pass (``Conditioning/affine(thetaCount:)``) keeps what
/// it computes beside the layer outputs.
///
/// Training keeps, per hidden layer, the activation before modulation and s(θ) for the backward
/// pass; prediction modulates in place and reuses one scale buffer for every layer.
struct Modulation<S: NNScalar> {
    /// Per hidden layer, its activation a before h = s ⊙ a + b; empty: modulate the output in place.
    var activations: [UnsafeMutablePointer<S>]
    /// Per hidden layer, s(θ) for each row (the same buffer may serve every layer when nothing is kept).
    var scales: [UnsafeMutablePointer<S>]
    /// b(θ) for each row, one layer at a time; the backward pass's scratch too.
    var shift: UnsafeMutablePointer<S>
}
