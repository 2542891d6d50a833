import ParamRunSupport

/// A simple detector: resolution smearing, b-tagging and missing transverse energy.
///
/// Jet energies are smeared by σ/E = a/√E ⊕ c, leptons by a constant fraction, and the
/// missing transverse momentum is the neutrino's plus a Gaussian resolution per component
/// that grows with the scalar sum of visible transverse momenta.
public struct Detector: Codable, Hashable, Sendable {
    /// Stochastic term of the jet energy resolution, in √GeV (0.1 = 10%/√E).
    public var jetStochastic: Double = 1.0
    /// Constant term of the jet energy resolution.
    public var jetConstant: Double = 0.05
    /// Relative lepton momentum resolution.
    public var leptonResolution: Double = 0.02
    /// Missing-energy resolution per component: `metFloor ⊕ metStochastic·√ΣpT`, in GeV.
    public var metFloor: Double = 5
    /// The stochastic term of the missing-energy resolution (GeV^½).
    public var metStochastic: Double = 1.0
    /// Probability to tag a b jet.
    public var bTagEfficiency: Double = 0.7
    /// Probability to tag a light jet.
    public var mistagRate: Double = 0.02
    /// Jet and lepton acceptance.
    public var minPt: Double = 20
    /// The largest |η| accepted.
    public var maxEta: Double = 2.5

    /// The default detector: the values above.
    public init() {}

    /// A jet: the parton's four-vector scaled by a Gaussian energy response.
    func smearJet(_ v: FourVector, using rng: inout SeededGenerator) -> FourVector {
        let e = max(v.e, 1)
        let a = jetStochastic / e.squareRoot(), c = jetConstant
        let sigma = (a * a + c * c).squareRoot()
        return v * max(0.05, 1 + sigma * rng.nextNormalPaired())
    }

    func smearLepton(_ v: FourVector, using rng: inout SeededGenerator) -> FourVector {
        v * max(0.05, 1 + leptonResolution * rng.nextNormalPaired())
    }

    func tag(isB: Bool, using rng: inout SeededGenerator) -> Bool {
        rng.nextUniform() < (isB ? bTagEfficiency : mistagRate)
    }

    func accepts(_ v: FourVector) -> Bool {
        v.pt > minPt && abs(v.eta) < maxEta
    }
}
