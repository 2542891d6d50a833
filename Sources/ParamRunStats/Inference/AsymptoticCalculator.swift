/// Asymptotic inference on one model and one dataset, as pyhf 0.7 computes it: the
/// maximum-likelihood fit with errors, CLs at μ with q̃_μ, upper limits, and the q₀ discovery test
/// (Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554).
///
/// A calculator caches every fit it makes: the unconditional fit to the data; the conditional fit
/// at μ = 0 to the data and the background-only Asimov data built from it (pyhf's
/// `generate_asimov_data`), with its own unconditional fit; the same at μ = 1 for q₀; and the
/// conditional fits along μ on each dataset, each warm-started from the nearest one done. Every
/// question asked of one calculator shares them, so a limit after a CLs, or a discovery test after
/// a limit, refits only what it must. Not thread-safe: use one calculator per task (they are cheap).
///
/// Every fit pyhf starts from the initial parameters starts here from them too, except the
/// conditional fits along μ, which start from the nearest solution; both reach the same minimum.
public final class AsymptoticCalculator {
    /// The model.
    public let model: HistFactoryModel
    /// The data the tests are of: the model's observations unless given.
    public let data: HistFactoryModel.Dataset

    var observedScan: ProfileScan?
    var backgroundAsimovScan: ProfileScan?
    var signalAsimovScan: ProfileScan?
    /// The conditional fits to the data that build the Asimov datasets, keyed by μ (0 and 1).
    var asimovSourceFits: [Double: HistFactoryModel.FitResult] = [:]

    /// A calculator of `model` on `data` (the model's observed data by default). Fits run when a
    /// question needs them.
    ///
    /// - Throws: ``StatsError`` when `data` does not match the model or holds negative or non-finite
    ///   counts.
    public init(model: HistFactoryModel, data: HistFactoryModel.Dataset? = nil) throws {
        let data = data ?? model.observed
        guard data.main.count == model.binCount else {
            throw StatsError.lengthMismatch(field: "data main counts", expected: model.binCount, got: data.main.count)
        }
        guard data.aux.count == model.parameters.count else {
            throw StatsError.lengthMismatch(
                field: "data auxiliary values", expected: model.parameters.count, got: data.aux.count)
        }
        for (i, n) in data.main.enumerated() where !(n.isFinite && n >= 0) {
            throw StatsError.invalidValue(
                field: "data main counts", index: i, value: n, reason: "must be finite and ≥ 0")
        }
        for (i, a) in data.aux.enumerated() where !a.isFinite {
            throw StatsError.invalidValue(field: "data auxiliary values", index: i, value: a, reason: "not finite")
        }
        self.model = model
        self.data = data
    }

    /// The maximum-likelihood fit to the data, every free parameter's error from the inverse
    /// Hessian of −ln L at the minimum.
    ///
    /// - Throws: ``StatsError/fitNotConverged(what:iterations:atBound:)`` or
    ///   ``StatsError/singularHessian(what:parameter:)``.
    public func fit() throws -> MaximumLikelihoodFit {
        let scan = try observed()
        let best = scan.unconditional
        let n = model.parameters.count
        let free = (0..<n).filter { !model.parameters[$0].fixed }
        let covariance = try CovarianceMatrix.inverse(
            hessian: model.derivatives(best.parameters, data: data).hessian, size: n, free: free,
            names: model.parameters.map(\.name), what: "unconditional fit of channel \(model.channel)")
        let estimates = model.parameters.enumerated().map { i, p in
            MaximumLikelihoodFit.Estimate(
                name: p.name, value: best.parameters[i], error: covariance[i * n + i].squareRoot(), fixed: p.fixed)
        }
        return MaximumLikelihoodFit(
            parameters: estimates, nll: best.nll, covariance: covariance, iterations: best.iterations,
            atBound: model.parametersAtBound(best.parameters, fixedValues: [:]))
    }

    /// CLs at `mu`, observed and the expected set, with q̃_μ (pyhf's `hypotest(mu, data, model,
    /// test_stat="qtilde", return_expected_set=True)`).
    ///
    /// - Throws: ``StatsError`` for μ ≤ 0 or not finite, a model whose POI adds no signal, a
    ///   fit that fails, or a μ the Asimov data cannot tell from the best fit (pyhf's NaN).
    public func cls(mu: Double) throws -> CLsResult {
        guard mu.isFinite, mu > 0 else {
            throw StatsError.invalidValue(field: "mu", index: nil, value: mu, reason: "CLs needs a finite μ > 0")
        }
        let sqrtQ = try observed().sqrtQTilde(mu)
        let sqrtQA = try backgroundAsimov().sqrtQTilde(mu)
        let p = try AsymptoticPValues.observedQTilde(sqrtQ: sqrtQ, sqrtQA: sqrtQA, mu: mu)
        return CLsResult(
            mu: mu, clsObserved: p.cls, clsExpected: AsymptoticPValues.expectedCLs(sqrtQA: sqrtQA),
            clsbObserved: p.clsb, clbObserved: p.clb, qTildeObserved: sqrtQ * sqrtQ, qTildeAsimov: sqrtQA * sqrtQA)
    }

    /// The expected CLs set at `mu` only: the Asimov side of ``cls(mu:)``, without the fits to the
    /// data at μ.
    public func expectedCLs(mu: Double) throws -> [Double] {
        AsymptoticPValues.expectedCLs(sqrtQA: try backgroundAsimov().sqrtQTilde(mu))
    }

    /// The scan of the data: their unconditional fit from the initial parameters.
    func observed() throws -> ProfileScan {
        if let observedScan { return observedScan }
        let best = try model.checkedFit(data: data, what: "unconditional fit to the data")
        let scan = ProfileScan(model: model, data: data, unconditional: best, dataName: "the data")
        observedScan = scan
        return scan
    }

    /// The conditional fit at `mu` to the data from the initial parameters: pyhf's
    /// `fixed_poi_fit` inside `generate_asimov_data`.
    func asimovSourceFit(mu: Double) throws -> HistFactoryModel.FitResult {
        if let fit = asimovSourceFits[mu] { return fit }
        let fit = try model.checkedFit(
            data: data, fixedValues: [model.poiIndex: mu], what: "conditional fit at μ = \(mu) to the data")
        asimovSourceFits[mu] = fit
        return fit
    }

    /// The scan of the Asimov data at the conditional fit at `mu` (0: background only, for q̃_μ;
    /// 1: signal, for q₀), with its unconditional fit warm-started from that fit.
    func asimovScan(mu: Double, name: String) throws -> ProfileScan {
        try requireSignal()
        let source = try asimovSourceFit(mu: mu)
        let asimov = model.expectedData(source.parameters)
        let best = try model.checkedFit(
            data: asimov, start: source.parameters, what: "unconditional fit to \(name)")
        return ProfileScan(model: model, data: asimov, unconditional: best, dataName: name)
    }

    func backgroundAsimov() throws -> ProfileScan {
        if let backgroundAsimovScan { return backgroundAsimovScan }
        let scan = try asimovScan(mu: 0, name: "the background-only Asimov data")
        backgroundAsimovScan = scan
        return scan
    }

    /// Refuses a model whose POI adds nothing: no test of μ has power there.
    func requireSignal() throws {
        let poi = model.poiIndex
        let signal = model.expectedMain(ProfileScan.set(model.initialParameters, poi, 1))
        let background = model.expectedMain(ProfileScan.set(model.initialParameters, poi, 0))
        guard zip(signal, background).contains(where: { $0 > $1 }) else {
            throw StatsError.invalidWorkspace(
                path: "channels",
                reason:
                    "the POI \"\(model.parameters[poi].name)\" adds no signal in any bin, so no test of it has power")
        }
    }
}
