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
        public var name: String
        public var lower: Double
        public var upper: Double
        public var initial: Double
        public var fixed: Bool
        /// The width of the Gaussian constraint, nil for unconstrained parameters.
        public var constraintSigma: Double?
        /// The constraint's nominal auxiliary measurement: 1 for a γ, 0 for an α.
        public var auxNominal: Double
    }

    /// Main-measurement counts per bin and auxiliary data per parameter (read only for
    /// constrained parameters).
    public struct Dataset: Sendable, Equatable {
        public var main: [Double]
        public var aux: [Double]
        public init(main: [Double], aux: [Double]) { self.main = main; self.aux = aux }
    }

    public struct FitResult: Sendable {
        public var parameters: [Double]
        public var nll: Double
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

    public let channel: String
    public let binCount: Int
    public let parameters: [Parameter]
    public let poiIndex: Int
    /// The workspace's observations with the nominal auxiliary data.
    public let observed: Dataset
    let samples: [SampleTerm]

    /// The largest model built, so that a corrupt file cannot ask for a huge Hessian.
    public static let maximumBins = 10_000

    /// Builds the model of the first measurement (or the one named) of a single-channel workspace.
    ///
    /// - Throws: ``StatsError/invalidWorkspace(path:reason:)`` naming the offending element for
    ///   several channels, unsupported modifiers, bin-count mismatches, negative or non-finite
    ///   yields, a missing POI, or bad measurement settings.
    public init(workspace: HistFactoryWorkspace, measurement: String? = nil,
                normsysInterpolation: NormsysInterpolation = .code4) throws {
        guard workspace.channels.count == 1, let channel = workspace.channels.first else {
            throw StatsError.invalidWorkspace(path: "channels", reason: "exactly one channel is supported, found \(workspace.channels.count)")
        }
        guard let first = channel.samples.first else {
            throw StatsError.invalidWorkspace(path: "channels[0].samples", reason: "no samples")
        }
        let bins = first.data.count
        guard bins >= 1, bins <= Self.maximumBins else {
            throw StatsError.invalidWorkspace(path: "channels[0].samples[0].data", reason: "\(bins) bins, expected 1...\(Self.maximumBins)")
        }
        let measurementIndex: Int
        if let name = measurement {
            guard let i = workspace.measurements.firstIndex(where: { $0.name == name }) else {
                throw StatsError.invalidWorkspace(path: "measurements", reason: "no measurement named \"\(name)\"")
            }
            measurementIndex = i
        } else {
            guard !workspace.measurements.isEmpty else { throw StatsError.invalidWorkspace(path: "measurements", reason: "none given") }
            measurementIndex = 0
        }
        let config = workspace.measurements[measurementIndex].config
        guard let observation = workspace.observations.firstIndex(where: { $0.name == channel.name }) else {
            throw StatsError.invalidWorkspace(path: "observations", reason: "no observation for channel \"\(channel.name)\"")
        }
        let obs = workspace.observations[observation].data
        try Self.checkYields(obs, count: bins, path: "observations[\(observation)].data")

        var parameters: [Parameter] = []
        var scalarIndex: [String: Int] = [:]
        func scalar(_ name: String, type: String, path: String, make: () -> Parameter) throws -> Int {
            if let i = scalarIndex[name] {
                if type == "normfactor" ? parameters[i].constraintSigma != nil : parameters[i].constraintSigma == nil {
                    throw StatsError.invalidWorkspace(path: path, reason: "\"\(name)\" is used as two modifier types")
                }
                return i
            }
            parameters.append(make())
            scalarIndex[name] = parameters.count - 1
            return parameters.count - 1
        }

        // pyhf's staterror σ combines every sample carrying the same staterror name:
        // σᵢ = √(Σ_s (δ_si / N_i)²) with N_i = Σ_s nominal_si over those samples.
        var staterrorNominal: [String: [Double]] = [:]
        for (s, sample) in channel.samples.enumerated() {
            for (m, modifier) in sample.modifiers.enumerated() where modifier.type == "staterror" {
                guard case let .values(delta) = modifier.data else {
                    throw StatsError.invalidWorkspace(path: "channels[0].samples[\(s)].modifiers[\(m)].data", reason: "staterror needs an array")
                }
                try Self.checkYields(delta, count: bins, path: "channels[0].samples[\(s)].modifiers[\(m)].data")
                try Self.checkYields(sample.data, count: bins, path: "channels[0].samples[\(s)].data")
                let sum = staterrorNominal[modifier.name] ?? [Double](repeating: 0, count: bins)
                staterrorNominal[modifier.name] = zip(sum, sample.data).map(+)
            }
        }
        var staterrorSquares: [String: [Double]] = [:]
        for sample in channel.samples {
            for modifier in sample.modifiers where modifier.type == "staterror" {
                guard case let .values(delta) = modifier.data, let nominal = staterrorNominal[modifier.name] else { continue }
                var squares = staterrorSquares[modifier.name] ?? [Double](repeating: 0, count: bins)
                for i in 0..<bins where nominal[i] > 0 { squares[i] += (delta[i] / nominal[i]) * (delta[i] / nominal[i]) }
                staterrorSquares[modifier.name] = squares
            }
        }
        var staterrorParameters: [String: [Int]] = [:]

        var terms: [SampleTerm] = []
        for (s, sample) in channel.samples.enumerated() {
            let path = "channels[0].samples[\(s)]"
            try Self.checkYields(sample.data, count: bins, path: "\(path).data")
            var factors: [Factor] = []
            var seen = Set<String>()
            for (m, modifier) in sample.modifiers.enumerated() {
                let mpath = "\(path).modifiers[\(m)]"
                guard seen.insert("\(modifier.type)/\(modifier.name)").inserted else {
                    throw StatsError.invalidWorkspace(path: mpath, reason: "modifier \"\(modifier.name)\" appears twice on one sample")
                }
                switch modifier.type {
                case "normfactor":
                    let p = try scalar(modifier.name, type: "normfactor", path: mpath) {
                        Parameter(name: modifier.name, lower: 0, upper: 10, initial: 1, fixed: false, constraintSigma: nil, auxNominal: 0)
                    }
                    factors.append(.normfactor(parameter: p))
                case "normsys":
                    guard case let .hiLo(hi, lo) = modifier.data else {
                        throw StatsError.invalidWorkspace(path: "\(mpath).data", reason: "normsys needs {\"hi\", \"lo\"}")
                    }
                    guard hi.isFinite, lo.isFinite, hi > 0, lo > 0 else {
                        throw StatsError.invalidWorkspace(path: "\(mpath).data", reason: "normsys hi = \(hi), lo = \(lo): both must be finite and > 0")
                    }
                    let p = try scalar(modifier.name, type: "normsys", path: mpath) {
                        Parameter(name: modifier.name, lower: -5, upper: 5, initial: 0, fixed: false, constraintSigma: 1, auxNominal: 0)
                    }
                    factors.append(.normsys(parameter: p, curve: .init(interpolation: normsysInterpolation, hi: hi, lo: lo)))
                case "staterror":
                    if let existing = staterrorParameters[modifier.name] {
                        factors.append(.staterror(parameters: existing))
                        continue
                    }
                    let sigmas = (staterrorSquares[modifier.name] ?? [Double](repeating: 0, count: bins)).map { $0.squareRoot() }
                    var indices: [Int] = []
                    for i in 0..<bins {
                        let sigma = sigmas[i]
                        parameters.append(Parameter(name: "\(modifier.name)[\(i)]", lower: 1e-10, upper: 10, initial: 1,
                                                    fixed: sigma == 0, constraintSigma: sigma > 0 ? sigma : 1, auxNominal: 1))
                        indices.append(parameters.count - 1)
                    }
                    staterrorParameters[modifier.name] = indices
                    factors.append(.staterror(parameters: indices))
                default:
                    throw StatsError.invalidWorkspace(path: "\(mpath).type", reason: "modifier type \"\(modifier.type)\" is not supported (normfactor, normsys, staterror are)")
                }
            }
            terms.append(SampleTerm(nominal: sample.data, factors: factors))
        }

        guard let poi = scalarIndex[config.poi], parameters[poi].constraintSigma == nil else {
            throw StatsError.invalidWorkspace(path: "measurements[\(measurementIndex)].config.poi", reason: "\"\(config.poi)\" is not a normfactor of the channel")
        }
        for (k, setting) in config.parameters.enumerated() {
            let path = "measurements[\(measurementIndex)].config.parameters[\(k)]"
            let targets: [Int]
            if let i = scalarIndex[setting.name] { targets = [i] } else if let v = staterrorParameters[setting.name] { targets = v } else {
                throw StatsError.invalidWorkspace(path: "\(path).name", reason: "no parameter named \"\(setting.name)\"")
            }
            if let bounds = setting.bounds {
                guard bounds.count == targets.count else {
                    throw StatsError.invalidWorkspace(path: "\(path).bounds", reason: "\(bounds.count) bounds for \(targets.count) parameters")
                }
                for (b, t) in zip(bounds, targets) {
                    guard b.count == 2, b[0].isFinite, b[1].isFinite, b[0] <= b[1] else {
                        throw StatsError.invalidWorkspace(path: "\(path).bounds", reason: "bounds must be [low, high] with low ≤ high")
                    }
                    parameters[t].lower = b[0]
                    parameters[t].upper = b[1]
                }
            }
            if let inits = setting.inits {
                guard inits.count == targets.count, inits.allSatisfy(\.isFinite) else {
                    throw StatsError.invalidWorkspace(path: "\(path).inits", reason: "\(inits.count) finite inits needed for \(targets.count) parameters")
                }
                for (v, t) in zip(inits, targets) { parameters[t].initial = v }
            }
            if let fixed = setting.fixed { for t in targets { parameters[t].fixed = fixed } }
        }

        self.channel = channel.name
        self.binCount = bins
        self.parameters = parameters
        self.poiIndex = poi
        self.samples = terms
        self.observed = Dataset(main: obs, aux: parameters.map(\.auxNominal))
    }

    static func checkYields(_ values: [Double], count: Int, path: String) throws {
        guard values.count == count else {
            throw StatsError.invalidWorkspace(path: path, reason: "\(values.count) bins, expected \(count)")
        }
        for (i, v) in values.enumerated() where !(v.isFinite && v >= 0) {
            throw StatsError.invalidWorkspace(path: "\(path)[\(i)]", reason: "\(v): yields must be finite and ≥ 0")
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
        Dataset(main: expectedMain(theta), aux: (0..<parameters.count).map { parameters[$0].constraintSigma == nil ? 0 : theta[$0] })
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
            throw StatsError.invalidValue(field: "parameters (\(parameters[i].name))", index: i, value: v, reason: "not finite")
        }
    }

    /// The maximum-likelihood fit on `data` with the parameters in `fixedValues` held at the given
    /// values (other fixed parameters at their initial values), within each parameter's bounds.
    ///
    /// - Parameter start: a warm start; the initial parameters by default.
    /// - Throws: ``StatsError`` for malformed input or a fit that does not converge.
    public func fit(data: Dataset? = nil, fixedValues: [Int: Double] = [:], start: [Double]? = nil) throws -> FitResult {
        let data = data ?? observed
        guard data.main.count == binCount, data.aux.count == parameters.count else {
            throw StatsError.lengthMismatch(field: "dataset", expected: binCount, got: data.main.count)
        }
        var lower = parameters.map(\.lower), upper = parameters.map(\.upper)
        var x0 = start ?? initialParameters
        try checkParameters(x0)
        for (i, p) in parameters.enumerated() where p.fixed { lower[i] = p.initial; upper[i] = p.initial; x0[i] = p.initial }
        for (i, v) in fixedValues {
            guard i >= 0, i < parameters.count, v.isFinite else {
                throw StatsError.invalidValue(field: "fixed parameter", index: i, value: v, reason: "no such parameter or not finite")
            }
            lower[i] = v; upper[i] = v; x0[i] = v
        }
        let result = try BoundedNewton().minimize(start: x0, lower: lower, upper: upper, what: "fit of channel \(channel)") {
            evaluate($0, data: data, derivatives: true)
        }
        return FitResult(parameters: result.x, nll: result.value, iterations: result.iterations)
    }

    /// ν of one sample in one bin, and its derivatives by parameter: first (index, ∂ν) and second
    /// (index, index, ∂²ν) for distinct index pairs and the diagonal.
    static func sampleTerms(_ sample: SampleTerm, bin: Int, theta: [Double])
        -> (value: Double, factors: [(p: Int, f: Double, d1: Double, d2: Double)]) {
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
