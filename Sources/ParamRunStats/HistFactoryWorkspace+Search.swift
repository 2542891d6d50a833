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
    /// The pipeline's additions, each absent by default so that a search without them is written
    /// byte for byte as before: `observed` replaces the Asimov observations with counts; each
    /// shape systematic adds a `histosys` of that name to signal and background (after the
    /// staterror and normsys); `lumiUncertainty` σ adds a `lumi` modifier named `lumi` to both
    /// samples, with inits [1], auxdata [1], sigmas [σ] and bounds [max(0, 1 − 5σ), 1 + 5σ] in the measurement
    /// (pyhf needs the inits: it has no default for a lumi).
    ///
    /// - Throws: ``StatsError/invalidValue(field:index:value:reason:)`` if u is not in (0, 1), or
    ///   `poiUpperBound` is not positive and finite, or σ is not in (0, 1);
    ///   ``StatsError/lengthMismatch(field:expected:got:)`` for observations or variations whose
    ///   bin count differs from the histogram's.
    public static func search(
        histogram: Histogram, backgroundNormUncertainty: Double? = nil,
        channel: String = "score", poiUpperBound: Double = 10, observed: [Double]? = nil,
        shapeSystematics: [ShapeSystematic] = [], lumiUncertainty: Double? = nil
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
        var signalModifiers: [Modifier] = [.normfactor(poiName)]
        for systematic in shapeSystematics {
            for (field, data) in [
                ("signal hi", systematic.signalHi), ("signal lo", systematic.signalLo),
                ("background hi", systematic.backgroundHi), ("background lo", systematic.backgroundLo)
            ] where data.count != histogram.binCount {
                throw StatsError.lengthMismatch(
                    field: "\(systematic.name) \(field)", expected: histogram.binCount, got: data.count)
            }
            signalModifiers.append(systematic.modifier(hi: systematic.signalHi, lo: systematic.signalLo))
            backgroundModifiers.append(systematic.modifier(hi: systematic.backgroundHi, lo: systematic.backgroundLo))
        }
        var parameters = [ParameterConfig(name: poiName, bounds: [[0, poiUpperBound]])]
        if let sigma = lumiUncertainty {
            guard sigma.isFinite, sigma > 0, sigma < 1 else {
                throw StatsError.invalidValue(
                    field: "lumi uncertainty", index: nil, value: sigma,
                    reason: "a relative uncertainty must lie in (0, 1)")
            }
            signalModifiers.append(Modifier(name: lumiName, type: "lumi", data: .none))
            backgroundModifiers.append(Modifier(name: lumiName, type: "lumi", data: .none))
            parameters.append(
                ParameterConfig(
                    name: lumiName, bounds: [[max(0, 1 - 5 * sigma), 1 + 5 * sigma]], inits: [1], auxdata: [1],
                    sigmas: [sigma]))
        }
        if let observed, observed.count != histogram.binCount {
            throw StatsError.lengthMismatch(field: "observations", expected: histogram.binCount, got: observed.count)
        }
        let samples = [
            Sample(name: "signal", data: histogram.signalSumW, modifiers: signalModifiers),
            Sample(name: "background", data: histogram.backgroundSumW, modifiers: backgroundModifiers)
        ]
        return HistFactoryWorkspace(
            channels: [Channel(name: channel, samples: samples)],
            measurements: [
                Measurement(
                    name: observed == nil ? "expected_limit" : "limit",
                    config: Config(poi: poiName, parameters: parameters))
            ],
            observations: [Observation(name: channel, data: observed ?? histogram.backgroundSumW)])
    }

    /// The name of the luminosity modifier the search adds for a `lumiUncertainty`.
    public static let lumiName = "lumi"

    /// A shape systematic of the search: each sample's yields per bin at α = +1 (`hi`) and α = −1
    /// (`lo`), in the nominal histogram's binning, written as a `histosys` named `name`.
    public struct ShapeSystematic: Equatable, Sendable {
        /// The modifier's name, shared by both samples (one nuisance parameter).
        public var name: String
        /// The signal's yields per bin at +1σ.
        public var signalHi: [Double]
        /// The signal's yields per bin at −1σ.
        public var signalLo: [Double]
        /// The background's yields per bin at +1σ.
        public var backgroundHi: [Double]
        /// The background's yields per bin at −1σ.
        public var backgroundLo: [Double]

        /// A systematic `name` with both samples' shifted yields.
        public init(
            name: String, signalHi: [Double], signalLo: [Double], backgroundHi: [Double], backgroundLo: [Double]
        ) {
            self.name = name
            self.signalHi = signalHi
            self.signalLo = signalLo
            self.backgroundHi = backgroundHi
            self.backgroundLo = backgroundLo
        }

        func modifier(hi: [Double], lo: [Double]) -> Modifier {
            Modifier(name: name, type: "histosys", data: .hiLoData(hi: hi, lo: lo))
        }
    }

    /// An upper bound for mu that leaves room above a limit's +2σ edge: pyhf's default 10, or
    /// twice the +2σ edge rounded up when that is larger. Our own limits do not depend on it
    /// (mu is fixed in conditional fits, and the Asimov best fit sits at 0).
    public static func poiUpperBound(covering limit: ExpectedLimit) -> Double {
        max(10, (2 * limit.plus2).rounded(.up))
    }
}
