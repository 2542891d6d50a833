import ParamRunData

extension StatisticsSpec {
    /// A shape systematic from one of θ's conditions: each sample is histogrammed again from the
    /// evaluations at the condition's nominal ± its uncertainty (events made there, the network
    /// told so when it takes the condition), giving a `histosys` named after the condition.
    public struct Systematic: Hashable, Sendable, Codable {
        /// The θ condition (`jes`).
        public var condition: String
        /// The condition's nominal value; the nominal histograms are made there.
        public var nominal: Double
        /// One standard deviation of the condition: the shifts are nominal ± uncertainty.
        public var uncertainty: Double

        package init(condition: String, nominal: Double, uncertainty: Double) {
            self.condition = condition
            self.nominal = nominal
            self.uncertainty = uncertainty
        }

        /// The condition's value at α = +1 (`up`) or α = −1.
        public func shifted(up: Bool) -> Double { up ? nominal + uncertainty : nominal - uncertainty }
    }

    /// A signal added to generated pseudo-data: `strength` × the signal yield at `mass`, made at `mass`.
    public struct Injection: Hashable, Sendable, Codable {
        /// The injected signal's mass, within the signal table.
        public var mass: Double
        /// The injected signal strength μ (0 adds no signal).
        public var strength: Double

        package init(mass: Double, strength: Double) {
            self.mass = mass
            self.strength = strength
        }
    }

    /// The observed dataset: pseudo-data from a generator, made at the nominal conditions, scored
    /// by each network at each point and histogrammed with that point's nominal binning.
    ///
    /// The generator makes round(background yield) background events and, with an injection,
    /// round(strength × signal yield at its mass) signal events at that mass, from the observe
    /// stage's own seed, so they share no event with the test data.
    public struct Observed: Hashable, Sendable, Codable {
        /// The generator that makes the pseudo-data.
        public var source: SourceReference
        /// The injected signal, nil for background-only pseudo-data.
        public var injection: Injection?

        package init(source: SourceReference, injection: Injection?) {
            self.source = source
            self.injection = injection
        }
    }

    /// The number of background and signal events of the pseudo-data, nil without an observation.
    public var observedCounts: (background: Int, signal: Int)? {
        guard let observed else { return nil }
        let signal = observed.injection.map { ($0.strength * (signalYield(at: $0.mass) ?? 0)).rounded() } ?? 0
        return (Int(backgroundYield.rounded()), Int(signal))
    }
}
