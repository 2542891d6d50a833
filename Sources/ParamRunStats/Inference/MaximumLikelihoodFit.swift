/// A maximum-likelihood fit with errors: what pyhf's `pyhf.infer.mle.fit(data, model,
/// return_uncertainties=True, return_fitted_val=True)` reports.
///
/// Each free parameter's error is the square root of the diagonal of the inverse Hessian of
/// −ln L at the minimum (Minuit's HESSE with `errordef` 1 on 2·(−ln L)); a fixed parameter's error
/// is 0.
public struct MaximumLikelihoodFit: Sendable, Equatable {
    /// One parameter's fitted value and error.
    public struct Estimate: Sendable, Equatable, Codable {
        /// pyhf's name: the modifier's, with `[i]` per bin for per-bin parameters.
        public var name: String
        /// The best-fit value.
        public var value: Double
        /// The error from the inverse Hessian; 0 for a fixed parameter.
        public var error: Double
        /// Whether the fit held the parameter at its initial value.
        public var fixed: Bool

        /// An estimate from its parts.
        public init(name: String, value: Double, error: Double, fixed: Bool) {
            self.name = name; self.value = value; self.error = error; self.fixed = fixed
        }
    }

    /// Every parameter of the model, in its order.
    public var parameters: [Estimate]
    /// −ln L at the minimum, constants included (pyhf's `twice_nll` is twice this).
    public var nll: Double
    /// The covariance of the parameters, row-major, parameters × parameters; rows and columns of
    /// fixed parameters are 0.
    public var covariance: [Double]
    /// Newton iterations the fit took.
    public var iterations: Int
    /// The free parameters the converged fit left at a bound (a μ̂ held at 0 by a deficit, say):
    /// their errors come from the curvature there, where Minuit's bounded transform would differ.
    public var atBound: [String]

    /// A fit from its parts.
    public init(
        parameters: [Estimate], nll: Double, covariance: [Double], iterations: Int, atBound: [String] = []
    ) {
        self.parameters = parameters; self.nll = nll; self.covariance = covariance; self.iterations = iterations
        self.atBound = atBound
    }

    /// The estimate of the parameter named `name`, if the model has one.
    public subscript(name: String) -> Estimate? { parameters.first { $0.name == name } }
}
