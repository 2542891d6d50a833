import Foundation

/// The likelihood a pyhf workspace defines, for the modifiers search workspaces use:
/// `normfactor`, `staterror` and `normsys`, on one channel.
///
/// L(θ) = Πᵢ Pois(nᵢ | νᵢ(θ)) · Π_γ N(aux_γ | γ, σ_γ) · Π_α N(aux_α | α, 1), with
/// νᵢ = Σ_samples nominalᵢ · Π modifier factors. Like pyhf: a staterror's σ per bin is
/// √(Σ_s δ²_si) / Σ_s nominal_si over the samples carrying it, and a bin with σ = 0 has its γ
/// fixed at 1; gammas live in [1e-10, 10], alphas in [−5, 5], normfactors in [0, 10] unless the
/// measurement says otherwise. ``nll(_:data:)`` equals −pyhf's `logpdf`, constants included.
public struct HistFactoryModel: Sendable {
    /// One free parameter of the model.
    public struct Parameter: Sendable, Equatable {
        /// The parameter's name: the modifier's, with `[i]` per bin for a staterror γ.
        public var name: String
        /// The lower bound the fit keeps the parameter above.
        public var lower: Double
        /// The upper bound.
        public var upper: Double
        /// The value fits start from.
        public var initial: Double
        /// Whether fits hold the parameter at `initial`.
        public var fixed: Bool
        /// The width of the Gaussian constraint, nil for unconstrained parameters.
        public var constraintSigma: Double?
        /// The constraint's nominal auxiliary measurement: 1 for a γ, 0 for an α.
        public var auxNominal: Double
    }

    /// Main-measurement counts per bin and auxiliary data per parameter (read only for
    /// constrained parameters).
    public struct Dataset: Sendable, Equatable {
        /// Counts per bin of the main measurement.
        public var main: [Double]
        /// Auxiliary data, one per parameter.
        public var aux: [Double]
        /// A dataset of main counts and auxiliary data.
        public init(main: [Double], aux: [Double]) { self.main = main; self.aux = aux }
    }

    /// The minimum a fit found.
    public struct FitResult: Sendable {
        /// The parameter values at the minimum, in the model's parameter order.
        public var parameters: [Double]
        /// −log L at the minimum, constants included (pyhf's −`logpdf`).
        public var nll: Double
        /// Newton iterations taken.
        public var iterations: Int
    }

    /// One multiplicative term of one sample, in one bin or all bins.
    enum Factor: Sendable {
        case normfactor(parameter: Int)
        /// Parameter index per bin; nil where σ = 0 (γ ≡ 1, like pyhf's fixed gamma).
        case staterror(parameters: [Int])
        case normsys(parameter: Int, curve: NormsysInterpolation.Curve)
    }

    struct SampleTerm: Sendable {
        let nominal: [Double]
        let factors: [Factor]
    }

    /// The channel's name.
    public let channel: String
    /// Bins of the channel.
    public let binCount: Int
    /// Every parameter: scalars in order of first use, each staterror's γ per bin.
    public let parameters: [Parameter]
    /// The index of the parameter of interest (the signal strength μ) in `parameters`.
    public let poiIndex: Int
    /// The workspace's observations with the nominal auxiliary data.
    public let observed: Dataset
    let samples: [SampleTerm]

    /// The largest model built, so that a corrupt file cannot ask for a huge Hessian.
    public static let maximumBins = 10_000
    /// The largest expected count in one bin, or in a whole sample, that paramrun works with:
    /// 10¹² events is beyond any collider's dataset, and far beyond it the Poisson terms and
    /// the ratio of signal to background leave double precision, giving an infinite Z or a limit
    /// of 0. Yields are checked against it where they enter: the spec and the workspace.
    package static let maximumYield = 1e12

    /// Builds the model of the first measurement (or the one named) of a single-channel workspace.
    ///
    /// - Throws: ``StatsError/invalidWorkspace(path:reason:)`` naming the offending element for
    ///   several channels, unsupported modifiers, bin-count mismatches, negative or non-finite
    ///   yields, a missing POI, or bad measurement settings.
    public init(
        workspace: HistFactoryWorkspace, measurement: String? = nil,
        normsysInterpolation: NormsysInterpolation = .code4
    ) throws {
        guard workspace.channels.count == 1, let channel = workspace.channels.first else {
            throw StatsError.invalidWorkspace(
                path: "channels", reason: "exactly one channel is supported, found \(workspace.channels.count)")
        }
        guard let first = channel.samples.first else {
            throw StatsError.invalidWorkspace(path: "channels[0].samples", reason: "no samples")
        }
        let bins = first.data.count
        guard bins >= 1, bins <= Self.maximumBins else {
            throw StatsError.invalidWorkspace(
                path: "channels[0].samples[0].data", reason: "\(bins) bins, expected 1...\(Self.maximumBins)")
        }
        let measurementIndex = try Self.measurementIndex(in: workspace, named: measurement)
        let config = workspace.measurements[measurementIndex].config
        guard let observation = workspace.observations.firstIndex(where: { $0.name == channel.name }) else {
            throw StatsError.invalidWorkspace(
                path: "observations", reason: "no observation for channel \"\(channel.name)\"")
        }
        let obs = workspace.observations[observation].data
        try Self.checkYields(obs, count: bins, path: "observations[\(observation)].data")

        var table = ParameterTable()
        let staterrorSquares = try Self.staterrorSquares(channel, bins: bins)
        var terms: [SampleTerm] = []
        for (s, sample) in channel.samples.enumerated() {
            let factors = try Self.factors(
                of: sample, at: "channels[0].samples[\(s)]", bins: bins,
                staterrorSquares: staterrorSquares,
                normsysInterpolation: normsysInterpolation, table: &table)
            terms.append(SampleTerm(nominal: sample.data, factors: factors))
        }

        guard let poi = table.scalarIndex[config.poi], table.parameters[poi].constraintSigma == nil else {
            throw StatsError.invalidWorkspace(
                path: "measurements[\(measurementIndex)].config.poi",
                reason: "\"\(config.poi)\" is not a normfactor of the channel")
        }
        try table.apply(config.parameters, at: "measurements[\(measurementIndex)].config.parameters")
        let parameters = table.parameters

        self.channel = channel.name
        self.binCount = bins
        self.parameters = parameters
        self.poiIndex = poi
        self.samples = terms
        self.observed = Dataset(main: obs, aux: parameters.map(\.auxNominal))
    }

    static func formatYield(_ value: Double) -> String { String(format: "%.0e", value) }

    static func checkYields(_ values: [Double], count: Int, path: String) throws {
        guard values.count == count else {
            throw StatsError.invalidWorkspace(path: path, reason: "\(values.count) bins, expected \(count)")
        }
        for (i, v) in values.enumerated() where !(v.isFinite && v >= 0) {
            throw StatsError.invalidWorkspace(path: "\(path)[\(i)]", reason: "\(v): yields must be finite and ≥ 0")
        }
        for (i, v) in values.enumerated() where v > maximumYield {
            throw StatsError.invalidWorkspace(
                path: "\(path)[\(i)]", reason: "\(v): yields must be at most \(formatYield(maximumYield)) events")
        }
    }

    /// The initial parameter values (pyhf's `suggested_init`, after measurement settings).
    public var initialParameters: [Double] { parameters.map(\.initial) }

    /// Expected main counts per bin at `theta`.
    public func expectedMain(_ theta: [Double]) -> [Double] {
        (0..<binCount).map { bin in samples.reduce(0.0) { $0 + Self.sampleTerms($1, bin: bin, theta: theta).value } }
    }

    /// Expected data at `theta`: main counts and, for constrained parameters, aux = the parameter
    /// (the Gaussian's mean), as pyhf's `expected_data` gives it.
    public func expectedData(_ theta: [Double]) -> Dataset {
        Dataset(
            main: expectedMain(theta),
            aux: (0..<parameters.count).map { parameters[$0].constraintSigma == nil ? 0 : theta[$0] })
    }

    /// −ln L at `theta` on `data` (the observed data by default), constants included.
    public func nll(_ theta: [Double], data: Dataset? = nil) throws -> Double {
        try checkParameters(theta)
        return evaluate(theta, data: data ?? observed, derivatives: false).value
    }

    func checkParameters(_ theta: [Double]) throws {
        guard theta.count == parameters.count else {
            throw StatsError.lengthMismatch(field: "parameters", expected: parameters.count, got: theta.count)
        }
        for (i, v) in theta.enumerated() where !v.isFinite {
            throw StatsError.invalidValue(
                field: "parameters (\(parameters[i].name))", index: i, value: v, reason: "not finite")
        }
    }

    /// The maximum-likelihood fit on `data` with the parameters in `fixedValues` held at the given
    /// values (other fixed parameters at their initial values), within each parameter's bounds.
    ///
    /// - Parameter start: a warm start; the initial parameters by default.
    /// - Throws: ``StatsError`` for malformed input or a fit that does not converge.
    public func fit(data: Dataset? = nil, fixedValues: [Int: Double] = [:], start: [Double]? = nil) throws -> FitResult
    {
        let data = data ?? observed
        guard data.main.count == binCount, data.aux.count == parameters.count else {
            throw StatsError.lengthMismatch(field: "dataset", expected: binCount, got: data.main.count)
        }
        var lower = parameters.map(\.lower), upper = parameters.map(\.upper)
        var x0 = start ?? initialParameters
        try checkParameters(x0)
        for (i, p) in parameters.enumerated() where p.fixed {
            lower[i] = p.initial; upper[i] = p.initial; x0[i] = p.initial
        }
        for (i, v) in fixedValues {
            guard i >= 0, i < parameters.count, v.isFinite else {
                throw StatsError.invalidValue(
                    field: "fixed parameter", index: i, value: v, reason: "no such parameter or not finite")
            }
            lower[i] = v; upper[i] = v; x0[i] = v
        }
        let result = try BoundedNewton().minimize(
            start: x0, lower: lower, upper: upper, what: "fit of channel \(channel)"
        ) {
            evaluate($0, data: data, derivatives: true)
        }
        return FitResult(parameters: result.x, nll: result.value, iterations: result.iterations)
    }

    /// ν of one sample in one bin, and its derivatives by parameter: first (index, ∂ν) and second
    /// (index, index, ∂²ν) for distinct index pairs and the diagonal.
    static func sampleTerms(_ sample: SampleTerm, bin: Int, theta: [Double])
        -> (value: Double, factors: [(p: Int, f: Double, d1: Double, d2: Double)])
    {
        var factors: [(p: Int, f: Double, d1: Double, d2: Double)] = []
        for factor in sample.factors {
            switch factor {
            case let .normfactor(p): factors.append((p, theta[p], 1, 0))
            case let .staterror(ps): factors.append((ps[bin], theta[ps[bin]], 1, 0))
            case let .normsys(p, curve):
                let e = curve.evaluate(theta[p])
                factors.append((p, e.value, e.first, e.second))
            }
        }
        var value = sample.nominal[bin]
        for f in factors { value *= f.f }
        return (value, factors)
    }

    /// Value, gradient and Hessian of −ln L. Non-physical points (ν ≤ 0 with n > 0) give +∞,
    /// which the minimiser's line search rejects; NaN never escapes.
    func evaluate(_ theta: [Double], data: Dataset, derivatives: Bool) -> BoundedNewton.Evaluation {
        let np = parameters.count
        var value = 0.0
        var gradient = [Double](repeating: 0, count: derivatives ? np : 0)
        var hessian = [Double](repeating: 0, count: derivatives ? np * np : 0)
        var dNu = [Double](repeating: 0, count: derivatives ? np : 0)
        var touched: [Int] = []
        var secondTerms: [(Int, Int, Double)] = []
        for bin in 0..<binCount {
            let n = data.main[bin]
            var nu = 0.0
            touched.removeAll(keepingCapacity: true)
            secondTerms.removeAll(keepingCapacity: true)
            for sample in samples {
                let (v, fs) = Self.sampleTerms(sample, bin: bin, theta: theta)
                nu += v
                guard derivatives, sample.nominal[bin] != 0 else { continue }
                let nominal = sample.nominal[bin]
                // Products of all factors but one (or two), without dividing by a factor that may be 0.
                for (a, fa) in fs.enumerated() {
                    var others = nominal
                    for (c, fc) in fs.enumerated() where c != a { others *= fc.f }
                    if !touched.contains(fa.p) { touched.append(fa.p) }
                    dNu[fa.p] += fa.d1 * others
                    if fa.d2 != 0 { secondTerms.append((fa.p, fa.p, fa.d2 * others)) }
                    for (b, fb) in fs.enumerated() where b > a {
                        var rest = nominal
                        for (c, fc) in fs.enumerated() where c != a && c != b { rest *= fc.f }
                        secondTerms.append((fa.p, fb.p, fa.d1 * fb.d1 * rest))
                    }
                }
            }
            if nu <= 0 {
                if n > 0 { return .init(value: .infinity, gradient: gradient, hessian: hessian) }
                // n = ν = 0 contributes nothing; its derivatives are dropped with it.
                for p in touched { dNu[p] = 0 }
                continue
            }
            value += nu - n * Foundation.log(nu) + Foundation.lgamma(n + 1)
            guard derivatives else { continue }
            let r = 1 - n / nu, w = n / (nu * nu)
            for p in touched {
                gradient[p] += r * dNu[p]
                for q in touched { hessian[p * np + q] += w * dNu[p] * dNu[q] }
            }
            for (p, q, d2) in secondTerms {
                hessian[p * np + q] += r * d2
                if p != q { hessian[q * np + p] += r * d2 }
            }
            for p in touched { dNu[p] = 0 }
        }
        let halfLog2Pi = 0.5 * Foundation.log(2 * Double.pi)
        for (i, p) in parameters.enumerated() {
            guard let sigma = p.constraintSigma else { continue }
            let z = (theta[i] - data.aux[i]) / sigma
            value += 0.5 * z * z + Foundation.log(sigma) + halfLog2Pi
            if derivatives {
                gradient[i] += z / sigma
                hessian[i * np + i] += 1 / (sigma * sigma)
            }
        }
        return .init(value: value, gradient: gradient, hessian: hessian)
    }
}
