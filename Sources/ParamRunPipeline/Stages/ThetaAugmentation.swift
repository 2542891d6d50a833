import ParamRunNN
import ParamRunSpec
import ParamRunSupport

/// What a model's spec does to θ in its training inputs before the scaler: Gaussian noise on the
/// signal events' θ (`theta_noise:`), or θ shuffled across all training events (`theta:
/// shuffled`), the negative control whose output should not depend smoothly on θ.
///
/// Both draw from their own named streams of the training's seed, so they change no other draw,
/// and are applied once, before training: the noisy θ of an event is the same in every epoch.
enum ThetaAugmentation {
    /// Applies a model's θ options (`theta_noise:`, `theta:`) to column `thetaColumn` of `inputs`;
    /// does nothing without them.
    static func apply(
        noise: Double?, treatment: ModelSpec.ThetaTreatment?, to inputs: inout Matrix, labels: [Float],
        thetaColumn: Int, seed: UInt64
    ) {
        let columns = inputs.columns
        if let sigma = noise, sigma > 0 {
            var generator = SeededGenerator(seed: seed, stream: "theta-noise")
            for r in 0..<inputs.rows where labels[r] == 1 {
                let i = r * columns + thetaColumn
                inputs.values[i] = Float(Double(inputs.values[i]) + sigma * generator.nextNormal())
            }
        }
        if treatment == .shuffled {
            var generator = SeededGenerator(seed: seed, stream: "theta-shuffle")
            var order = Array(0..<inputs.rows)
            generator.shuffle(&order)
            let thetas = (0..<inputs.rows).map { inputs.values[$0 * columns + thetaColumn] }
            for r in 0..<inputs.rows { inputs.values[r * columns + thetaColumn] = thetas[order[r]] }
        }
    }
}
