import Foundation

extension HistFactoryWorkspace {
    /// The name of the signal strength, pyhf's parameter of interest in these workspaces.
    public static let poiName = "mu"

    /// The single-channel search workspace for one histogram.
    ///
    /// Signal carries a `normfactor` `mu`; background carries a `staterror` with the absolute MC
    /// uncertainty √Σw² per bin and, when `backgroundNormUncertainty` u is given, a `normsys` with
    /// hi = 1 + u and lo = 1 − u. Observations are the background expectation (Asimov, μ = 0).
    /// The measurement states mu's bounds [0, `poiUpperBound`]: pyhf's `upper_limit` starts its
    /// root bracket at those bounds and refuses to fit a μ outside them, so the bound must lie above
    /// the +2σ expected limit (pyhf's default is 10); ``poiUpperBound(covering:)`` picks one.
    ///
    /// - Throws: ``StatsError/invalidValue(field:index:value:reason:)`` if u is not in (0, 1), or
    ///   `poiUpperBound` is not positive and finite.
    public static func search(
        histogram: Histogram, backgroundNormUncertainty: Double? = nil,
        channel: String = "score", poiUpperBound: Double = 10
    ) throws -> HistFactoryWorkspace {
        var backgroundModifiers: [Modifier] = [
            .staterror("staterror_\(channel)", uncertainties: histogram.backgroundUncertainty)
        ]
        if let u = backgroundNormUncertainty {
            guard u.isFinite, u > 0, u < 1 else {
                throw StatsError.invalidValue(
                    field: "background normalisation uncertainty", index: nil, value: u,
                    reason: "a relative uncertainty must lie in (0, 1)")
            }
            backgroundModifiers.append(.normsys("background_norm", hi: 1 + u, lo: 1 - u))
        }
        guard poiUpperBound.isFinite, poiUpperBound > 0 else {
            throw StatsError.invalidValue(
                field: "poi upper bound", index: nil, value: poiUpperBound, reason: "must be finite and > 0")
        }
        let samples = [
            Sample(name: "signal", data: histogram.signalSumW, modifiers: [.normfactor(poiName)]),
            Sample(name: "background", data: histogram.backgroundSumW, modifiers: backgroundModifiers)
        ]
        return HistFactoryWorkspace(
            channels: [Channel(name: channel, samples: samples)],
            measurements: [
                Measurement(
                    name: "expected_limit",
                    config: Config(
                        poi: poiName, parameters: [ParameterConfig(name: poiName, bounds: [[0, poiUpperBound]])]))
            ],
            observations: [Observation(name: channel, data: histogram.backgroundSumW)])
    }

    /// An upper bound for mu that leaves room above a limit's +2σ edge: pyhf's default 10, or
    /// twice the +2σ edge rounded up when that is larger. Our own limits do not depend on it
    /// (mu is fixed in conditional fits, and the Asimov best fit sits at 0).
    public static func poiUpperBound(covering limit: ExpectedLimit) -> Double {
        max(10, (2 * limit.plus2).rounded(.up))
    }
}
