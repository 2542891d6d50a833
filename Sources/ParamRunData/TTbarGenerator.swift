import ParamRunSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small X → tt̄ (lepton + jets) event generator giving the 27 HEPMASS features, f0…f26.
///
/// Signal: X with mass m_X and a Breit–Wigner width decays to tt̄; each top to W b; one W to
/// q q̄′ and the other to ℓ ν. Every decay is two-body and isotropic in the parent's rest frame,
/// then boosted to the lab. Background: standard-model tt̄ whose mass is
/// 2·m_t + Gamma(shape, scale), rising at threshold and falling above. The tt̄ system gets a
/// small transverse kick and a Gaussian rapidity.
///
/// The ``Detector`` smears jets and the lepton, tags b jets, builds the missing transverse
/// momentum from the neutrino, and requires four jets and the lepton inside the acceptance.
/// Initial-state radiation adds jets; the four leading jets are the ones listed and used.
/// The high-level masses are then rebuilt from reconstructed objects: the neutrino's p_z from
/// the W-mass constraint (smaller |p_z| root, real part when complex), and the jets assigned to
/// the tops by the smallest χ² consistent with the b-tags.
///
/// Features are in physical units (GeV, radians, tag 0/1, jet count), not standardized as in
/// the UCI files; fit a ``Scaler`` on them.
public struct TTbarGenerator: Sendable {
    /// Physics constants and the shapes of the production spectra.
    public struct Configuration: Codable, Hashable, Sendable {
        /// Masses and widths in GeV.
        public var topMass = 173.0, topWidth = 1.4
        /// The W mass and width in GeV.
        public var wMass = 80.4, wWidth = 2.1
        /// The b-quark mass in GeV.
        public var bMass = 4.7
        /// The X width as a fraction of m_X.
        public var relativeXWidth = 0.02
        /// Background m_tt − 2m_t follows a Gamma distribution with this integer shape and scale (GeV).
        public var backgroundShape = 2, backgroundScale = 65.0
        /// Mean of the exponential intrinsic transverse momentum of the tt̄ system (GeV), before ISR.
        public var systemPtMean = 10.0
        /// Initial-state radiation: a Poisson number of jets with pT = `isrMinPt` + exponential
        /// (`isrPtMean`) and |η| < `isrMaxEta`, against which the tt̄ system recoils. They compete
        /// with the decay jets for the four leading slots, giving the measured masses their tails.
        public var isrJetsMean = 2.0, isrMinPt = 15.0, isrPtMean = 50.0, isrMaxEta = 4.0
        /// Width of the Gaussian rapidity of the tt̄ system.
        public var systemRapiditySigma = 1.0
        /// Resolution, tagging and acceptance.
        public var detector = Detector()
        /// The jet-energy-scale shift δ: each smeared jet's four-momentum is multiplied by (1 + δ)
        /// before acceptance and reconstruction, so jet pT, m_jj, m_jjj, m_jℓν and m_WWbb move with
        /// it and the lepton does not. 0 is the nominal detector.
        public var jetEnergyScale = 0.0

        /// The default physics: the values above.
        public init() {}
    }

    /// The physics and detector the events are generated with.
    public var configuration: Configuration

    /// A generator with `configuration`; the default is the nominal detector.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// `count` signal events at `mass`, θ = mass.
    /// - Throws: ``DataError`` for a mass or jet-energy scale outside what the generator can make
    ///   (``massRange``, ``jetEnergyScaleRange``), or an event not accepted in ``maximumTries``.
    public func signal(mass: Double, count: Int, using rng: inout SeededGenerator) throws -> EventTable {
        try check(mass: mass)
        return try events(count: count, signalMass: mass, theta: Float(mass), using: &rng)
    }

    /// `count` background events; θ is left 0 for the caller to assign.
    /// - Throws: ``DataError`` for a jet-energy scale outside ``jetEnergyScaleRange``, or an event
    ///   not accepted in ``maximumTries``.
    public func background(count: Int, using rng: inout SeededGenerator) throws -> EventTable {
        try check(mass: nil)
        return try events(count: count, signalMass: nil, theta: 0, using: &rng)
    }

    func events(count: Int, signalMass: Double?, theta: Float, using rng: inout SeededGenerator) throws
        -> EventTable
    {
        var features = [Float](repeating: 0, count: count * 27)
        try features.withUnsafeMutableBufferPointer { out in
            for i in 0..<count {
                try event(signalMass: signalMass, into: out.baseAddress! + i * 27, using: &rng)
            }
        }
        return EventTable(
            featureNames: HEPMASSReader.featureNames, features: features,
            labels: [Float](repeating: signalMass == nil ? 0 : 1, count: count),
            theta: [Float](repeating: theta, count: count))
    }

    /// A Breit–Wigner (Cauchy) mass, truncated to `m0 ± halfRange`.
    @inline(__always)
    static func breitWigner(_ m0: Double, _ width: Double, halfRange: Double, using rng: inout SeededGenerator)
        -> Double
    {
        // Inverse CDF restricted to the window, so no sample is rejected.
        let lo = atan(-2 * halfRange / width), hi = atan(2 * halfRange / width)
        let u = lo + (hi - lo) * rng.nextUniform()
        return m0 + 0.5 * width * tan(u)
    }

    /// Writes one accepted event's 27 features. A rejected draw starts over, at most
    /// ``maximumTries`` times; every draw happens in the same order as the steps read, so a seed
    /// gives the same events.
    func event(signalMass: Double?, into out: UnsafeMutablePointer<Float>, using rng: inout SeededGenerator)
        throws
    {
        for _ in 0..<Self.maximumTries {
            let masses = drawMasses(signalMass: signalMass, using: &rng)
            guard masses.system > masses.mt1 + masses.mt2 + 1 else { continue }
            let truth = drawPartons(masses, using: &rng)
            guard let measured = measure(truth, using: &rng) else { continue }
            write(measured, into: out)
            return
        }
        throw DataError(.invalidRequest(exhausted(signalMass: signalMass)))
    }

    /// The masses of one event's resonances: both tops, both Ws, and the tt̄ system.
    struct ResonanceMasses {
        let mt1, mt2, mw1, mw2, system: Double
    }

    /// The event's partons at generator level.
    struct Partons {
        let bHad, q1, q2, bLep, lepton, neutrino: FourVector
        let isr: [FourVector]
    }

    /// The event as the detector sees it.
    struct MeasuredEvent {
        let lepton: FourVector
        let jets: [FourVector]
        let tags: [Bool]
        let metX, metY: Double
    }

    /// Draws the top and W masses, then m_tt: a Breit–Wigner at the X mass, or the background's Gamma spectrum.
    func drawMasses(signalMass: Double?, using rng: inout SeededGenerator) -> ResonanceMasses {
        let c = configuration
        // Masses of the resonances in this event.
        let mt1 = Self.breitWigner(c.topMass, c.topWidth, halfRange: 10 * c.topWidth, using: &rng)
        let mt2 = Self.breitWigner(c.topMass, c.topWidth, halfRange: 10 * c.topWidth, using: &rng)
        let mw1 = Self.breitWigner(c.wMass, c.wWidth, halfRange: 10 * c.wWidth, using: &rng)
        let mw2 = Self.breitWigner(c.wMass, c.wWidth, halfRange: 10 * c.wWidth, using: &rng)
        let system: Double
        if let mx = signalMass {
            let width = c.relativeXWidth * mx
            system = Self.breitWigner(mx, width, halfRange: max(5 * width, 1), using: &rng)
        } else {
            var g = 0.0
            for _ in 0..<max(1, c.backgroundShape) { g += rng.nextExponential(mean: c.backgroundScale) }
            system = 2 * c.topMass + g
        }
        return ResonanceMasses(mt1: mt1, mt2: mt2, mw1: mw1, mw2: mw2, system: system)
    }

    /// Draws the ISR jets, the tt̄ system recoiling against them, and its decay chain to partons.
    func drawPartons(_ masses: ResonanceMasses, using rng: inout SeededGenerator) -> Partons {
        let c = configuration
        let (mt1, mt2, mw1, mw2, system) = (masses.mt1, masses.mt2, masses.mw1, masses.mw2, masses.system)
        // ISR jets, and the tt̄ system recoiling against them.
        var isr = [FourVector]()
        var recoilX = 0.0, recoilY = 0.0
        for _ in 0..<Self.poisson(c.isrJetsMean, using: &rng) {
            let jet = FourVector(
                pt: c.isrMinPt + rng.nextExponential(mean: c.isrPtMean),
                rapidity: c.isrMaxEta * (2 * rng.nextUniform() - 1),
                phi: 2 * .pi * rng.nextUniform(), mass: 0)
            recoilX -= jet.px
            recoilY -= jet.py
            isr.append(jet)
        }
        let intrinsic = rng.nextExponential(mean: c.systemPtMean), intrinsicPhi = 2 * .pi * rng.nextUniform()
        recoilX += intrinsic * cos(intrinsicPhi)
        recoilY += intrinsic * sin(intrinsicPhi)
        let parent = FourVector(
            pt: (recoilX * recoilX + recoilY * recoilY).squareRoot(),
            rapidity: c.systemRapiditySigma * rng.nextNormalPaired(),
            phi: atan2(recoilY, recoilX), mass: system)
        let (topHad, topLep) = FourVector.decay(parent, into: mt1, mt2, using: &rng)
        let (wHad, bHad) = FourVector.decay(topHad, into: mw1, c.bMass, using: &rng)
        let (wLep, bLep) = FourVector.decay(topLep, into: mw2, c.bMass, using: &rng)
        let (q1, q2) = FourVector.decay(wHad, into: 0, 0, using: &rng)
        let (lepton, neutrino) = FourVector.decay(wLep, into: 0, 0, using: &rng)
        return Partons(bHad: bHad, q1: q1, q2: q2, bLep: bLep, lepton: lepton, neutrino: neutrino, isr: isr)
    }

    /// Smears the partons, applies the jet-energy scale and acceptance, tags the jets and draws the
    /// missing transverse momentum; nil when the lepton or fewer than four jets are accepted.
    func measure(_ truth: Partons, using rng: inout SeededGenerator) -> MeasuredEvent? {
        let c = configuration
        let det = c.detector
        let (bHad, q1, q2, bLep, lepton, neutrino, isr) = (
            truth.bHad, truth.q1, truth.q2, truth.bLep, truth.lepton,
            truth.neutrino, truth.isr
        )
        // Detector.
        let lep = det.smearLepton(lepton, using: &rng)
        guard det.accepts(lep) else { return nil }
        var jets = [FourVector]()
        var tags = [Bool]()
        for (parton, isB) in [(bHad, true), (q1, false), (q2, false), (bLep, true)] + isr.map({ ($0, false) }) {
            var jet = det.smearJet(parton, using: &rng)
            if c.jetEnergyScale != 0 { jet = jet * (1 + c.jetEnergyScale) }
            if det.accepts(jet) {
                jets.append(jet)
                tags.append(det.tag(isB: isB, using: &rng))
            }
        }
        guard jets.count >= 4 else { return nil }
        var sumPt = lep.pt
        for j in jets { sumPt += j.pt }
        let metSigma = (det.metFloor * det.metFloor + det.metStochastic * det.metStochastic * sumPt).squareRoot()
        let metX = neutrino.px + metSigma * rng.nextNormalPaired()
        let metY = neutrino.py + metSigma * rng.nextNormalPaired()
        return MeasuredEvent(lepton: lep, jets: jets, tags: tags, metX: metX, metY: metY)
    }

    /// Orders the jets by pT, reconstructs the neutrino and the high-level masses, and writes the 27 features.
    func write(_ event: MeasuredEvent, into out: UnsafeMutablePointer<Float>) {
        let c = configuration
        let (lep, metX, metY) = (event.lepton, event.metX, event.metY)
        var (jets, tags) = (event.jets, event.tags)
        // Jets ordered by pT, carrying their tags.
        var order = Array(jets.indices)
        order.sort { jets[$0].pt > jets[$1].pt }
        jets = order.map { jets[$0] }
        tags = order.map { tags[$0] }

        let nu = Self.neutrino(lepton: lep, metX: metX, metY: metY, wMass: c.wMass)

        out[0] = Float(lep.pt); out[1] = Float(lep.eta); out[2] = Float(lep.phi)
        out[3] = Float((metX * metX + metY * metY).squareRoot()); out[4] = Float(atan2(metY, metX))
        out[5] = Float(jets.count)
        for k in 0..<4 {
            out[6 + 4 * k] = Float(jets[k].pt)
            out[7 + 4 * k] = Float(jets[k].eta)
            out[8 + 4 * k] = Float(jets[k].phi)
            out[9 + 4 * k] = tags[k] ? 1 : 0
        }
        jets.removeSubrange(4...)
        tags.removeSubrange(4...)
        let masses = Self.reconstruct(jets: jets, tags: tags, lepton: lep, neutrino: nu, c: c)
        out[22] = Float(masses.jj); out[23] = Float(masses.jjj)
        out[24] = Float(masses.lv); out[25] = Float(masses.jlv)
        out[26] = Float((jets[0] + jets[1] + jets[2] + jets[3] + lep + nu).mass)
    }

    /// The neutrino from the missing transverse momentum and m(ℓν) = m_W.
    static func neutrino(lepton l: FourVector, metX: Double, metY: Double, wMass: Double) -> FourVector {
        let ptl2 = l.px * l.px + l.py * l.py
        let mu = 0.5 * wMass * wMass + l.px * metX + l.py * metY
        let a = mu * l.pz / ptl2
        let disc = a * a - (l.e * l.e * (metX * metX + metY * metY) - mu * mu) / ptl2
        let pz: Double
        if disc >= 0 {
            let r = disc.squareRoot()
            pz = abs(a - r) < abs(a + r) ? a - r : a + r
        } else {
            pz = a
        }
        let e = (metX * metX + metY * metY + pz * pz).squareRoot()
        return FourVector(px: metX, py: metY, pz: pz, e: e)
    }

    /// Assigns jets to W → jj, t → jjj and t → jℓν by the smallest χ² allowed by the b-tags.
    static func reconstruct(
        jets: [FourVector], tags: [Bool], lepton: FourVector, neutrino: FourVector,
        c: Configuration
    ) -> (jj: Double, jjj: Double, lv: Double, jlv: Double) {
        let lv = lepton + neutrino
        let tagged = tags.filter { $0 }.count
        var best = Double.infinity
        var result = (jj: 0.0, jjj: 0.0, lv: lv.mass, jlv: 0.0)
        for i in 0..<4 {
            for j in (i + 1)..<4 {
                for bh in 0..<4 where bh != i && bh != j {
                    let bl = 6 - i - j - bh
                    // With two or more tags the b candidates must be tagged; with one, it must be a b candidate.
                    if tagged >= 2 && !(tags[bh] && tags[bl]) { continue }
                    if tagged == 1 && !(tags[bh] || tags[bl]) { continue }
                    let w = jets[i] + jets[j]
                    let th = w + jets[bh]
                    let tl = lv + jets[bl]
                    let mjj = w.mass, mjjj = th.mass, mjlv = tl.mass
                    let chi2 =
                        pow((mjj - c.wMass) / 10, 2) + pow((mjjj - c.topMass) / 15, 2) + pow((mjlv - c.topMass) / 20, 2)
                    if chi2 < best {
                        best = chi2
                        result = (mjj, mjjj, lv.mass, mjlv)
                    }
                }
            }
        }
        return result
    }

    static func poisson(_ mean: Double, using rng: inout SeededGenerator) -> Int {
        guard mean > 0 else { return 0 }
        let limit = exp(-mean)
        var k = 0
        var p = rng.nextUniform()
        while p > limit && k < 50 {
            k += 1
            p *= rng.nextUniform()
        }
        return k
    }
}
