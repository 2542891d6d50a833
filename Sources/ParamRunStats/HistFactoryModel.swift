import Foundation

/// The likelihood a pyhf workspace (schema 1.0.0) defines, with pyhf 0.7.6's semantics: every
/// modifier type (`normfactor`, `normsys`, `histosys`, `shapesys`, `staterror`, `lumi`,
/// `shapefactor`), several channels and samples, and the measurement's parameter settings.
///
/// L(θ) = Πᵢ Pois(nᵢ | νᵢ(θ)) · Π_Gauss N(aux | θ, σ) · Π_shapesys Pois(τ | γτ), with
/// ν_i = Σ_samples (Π multiplicative factors) · (nominal_i + Σ histosys shifts_i). Channels are
/// taken in name order, as pyhf does, and the main data is their observations concatenated in
/// that order (``channels`` gives each one's bin range). ``nll(_:data:)`` equals −pyhf's `logpdf`,
/// constants included. See docs/STATISTICS.md and Sources/ParamRunStats/README.md.
public struct HistFactoryModel: Sendable {
    /// How a parameter is constrained by an auxiliary measurement.
    public enum Constraint: Sendable, Equatable {
        /// Unconstrained (normfactor, shapefactor).
        case none
        /// N(aux | θ, σ): normsys and histosys α (σ = 1), staterror γ, lumi.
        case gaussian(sigma: Double)
        /// Pois(aux | γτ) with τ = (nominal/δ)²: a shapesys γ, as pyhf's continuous Poisson.
        case poisson(tau: Double)
    }

    /// One parameter of the model.
    public struct Parameter: Sendable, Equatable {
        /// The parameter's name: the modifier's, with `[i]` per bin for a per-bin parameter.
        public var name: String
        /// The modifier type that declared it (`normfactor`, `normsys`, …); an α that a normsys
        /// and a histosys share carries the type met first.
        public var modifierType: String
        /// The lower bound the fit keeps the parameter above.
        public var lower: Double
        /// The upper bound.
        public var upper: Double
        /// The value fits start from.
        public var initial: Double
        /// Whether fits hold the parameter at `initial`.
        public var fixed: Bool
        /// Its constraint term.
        public var constraint: Constraint
        /// The constraint's nominal auxiliary measurement: 0 for an α, 1 for a γ, τ for a shapesys
        /// γ, the measurement's `auxdata` for a lumi; unused for an unconstrained parameter.
        public var auxNominal: Double

        /// The width of a Gaussian constraint, nil for other parameters.
        public var constraintSigma: Double? {
            if case let .gaussian(sigma) = constraint { return sigma }
            return nil
        }
    }

    /// One channel of the model, in the order its bins sit in the main data.
    public struct Channel: Sendable, Equatable {
        /// The channel's name.
        public var name: String
        /// Its bins' indices in ``Dataset/main`` and ``expectedMain(_:)``.
        public var bins: Range<Int>
        /// The names of its samples, in the workspace's order.
        public var samples: [String]
    }

    /// The interpolation code of each modifier type that interpolates.
    public struct Interpolation: Sendable, Equatable {
        /// normsys: code 4 (pyhf's default) or code 1.
        public var normsys: NormsysInterpolation
        /// histosys: code 4p (pyhf's default) or code 0.
        public var histosys: HistosysInterpolation
        /// pyhf's defaults unless given.
        public init(normsys: NormsysInterpolation = .code4, histosys: HistosysInterpolation = .code4p) {
            self.normsys = normsys
            self.histosys = histosys
        }
    }

    /// Main-measurement counts per bin and auxiliary data per parameter (read only for
    /// constrained parameters).
    public struct Dataset: Sendable, Equatable {
        /// Counts per bin of the main measurement, channels concatenated in ``channels`` order.
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

    /// The channels in name order, each with its bin range in the main data.
    public let channels: [Channel]
    /// Bins of the main measurement, over all channels.
    public let binCount: Int
    /// Every parameter: in order of first use over the channels (in name order), their samples
    /// and modifiers; a per-bin modifier's parameters consecutively.
    public let parameters: [Parameter]
    /// The index of the parameter of interest (the signal strength μ) in `parameters`.
    public let poiIndex: Int
    /// The workspace's observations with the nominal auxiliary data.
    public let observed: Dataset
    /// The interpolation codes the model was built with.
    public let interpolation: Interpolation
    let layout: Layout

    /// The channel names, joined by ", " (the one name of a single-channel model).
    public var channel: String { channels.map(\.name).joined(separator: ", ") }

    /// The largest model built (bins over all channels), so that a corrupt file cannot ask for a
    /// huge Hessian.
    public static let maximumBins = 10_000
    /// The most parameters a model may have: the Hessian is dense (5,000² doubles, 200 MB), and
    /// published likelihoods have a few hundred to a few thousand.
    public static let maximumParameters = 5_000
    /// The largest expected count in one bin, or in a whole sample, that paramrun works with:
    /// 10¹² events is beyond any collider's dataset, and far beyond it the Poisson terms and
    /// the ratio of signal to background leave double precision, giving an infinite Z or a limit
    /// of 0. Yields are checked against it where they enter: the spec and the workspace.
    package static let maximumYield = 1e12

    /// Builds the model of the first measurement (or the one named) of a workspace.
    ///
    /// - Throws: ``StatsError/invalidWorkspace(path:reason:)`` naming the offending element
    ///   (`channels[2].samples[0].modifiers[3].data.hi_data`) for unknown modifier types,
    ///   bin-count mismatches, negative or non-finite yields, a name used by two kinds of
    ///   modifier, a missing POI, or bad measurement settings.
    public init(workspace: HistFactoryWorkspace, measurement: String? = nil, interpolation: Interpolation = .init())
        throws
    {
        var builder = try Builder(workspace: workspace, measurement: measurement, interpolation: interpolation)
        try builder.build()
        channels = builder.channels
        binCount = builder.binCount
        parameters = builder.table.parameters
        poiIndex = builder.poiIndex
        observed = Dataset(main: builder.observedMain, aux: builder.table.parameters.map(\.auxNominal))
        self.interpolation = interpolation
        layout = builder.layout
    }

    /// Builds the model with normsys code `normsysInterpolation` and histosys code 4p.
    public init(
        workspace: HistFactoryWorkspace, measurement: String? = nil, normsysInterpolation: NormsysInterpolation
    ) throws {
        try self.init(
            workspace: workspace, measurement: measurement, interpolation: .init(normsys: normsysInterpolation))
    }

    /// The initial parameter values (pyhf's `suggested_init`, after measurement settings).
    public var initialParameters: [Double] { parameters.map(\.initial) }

    /// The index of parameter `name` (`"mu"`, `"staterror_SR[2]"`), if the model has it.
    public func parameterIndex(named name: String) -> Int? { parameters.firstIndex { $0.name == name } }

    /// Expected main counts per bin at `theta`, channels concatenated in ``channels`` order.
    public func expectedMain(_ theta: [Double]) -> [Double] { layout.expectedMain(theta) }

    /// Expected data at `theta`, as pyhf's `expected_data` gives it: the main counts, and per
    /// parameter the expected auxiliary measurement, θ for a Gaussian constraint and γτ for a
    /// shapesys (0 for an unconstrained parameter, which has none).
    public func expectedData(_ theta: [Double]) -> Dataset {
        Dataset(
            main: expectedMain(theta),
            aux: parameters.indices.map { i in
                switch parameters[i].constraint {
                case .none: return 0
                case .gaussian: return theta[i]
                case let .poisson(tau): return theta[i] * tau
                }
            })
    }

    /// −ln L at `theta` on `data` (the observed data by default), constants included.
    public func nll(_ theta: [Double], data: Dataset? = nil) throws -> Double {
        try checkParameters(theta)
        let data = data ?? observed
        try checkDataset(data)
        return evaluate(theta, data: data, derivatives: false).value
    }

    /// The gradient and Hessian (row-major, n × n) of −ln L at `theta` on `data` (the observed
    /// data by default); the inverse Hessian at the minimum gives the parameters' errors.
    public func derivatives(_ theta: [Double], data: Dataset? = nil) throws -> (gradient: [Double], hessian: [Double]) {
        try checkParameters(theta)
        let data = data ?? observed
        try checkDataset(data)
        let e = evaluate(theta, data: data, derivatives: true)
        return (e.gradient, e.hessian)
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

    func checkDataset(_ data: Dataset) throws {
        guard data.main.count == binCount else {
            throw StatsError.lengthMismatch(field: "dataset main", expected: binCount, got: data.main.count)
        }
        guard data.aux.count == parameters.count else {
            throw StatsError.lengthMismatch(field: "dataset aux", expected: parameters.count, got: data.aux.count)
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
}
