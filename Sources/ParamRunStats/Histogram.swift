import Foundation

/// Per-bin sums of weights and of squared weights of a signal and a background sample,
/// binned in a classifier score on [0, 1].
///
/// Every bin of a built histogram has a positive background yield: bins whose background sum
/// is zero are merged into a neighbour (see
/// ``build(signalScores:signalWeights:backgroundScores:backgroundWeights:bins:strategy:)``), so that
/// s/b, ln(1 + s/b) and the relative MC uncertainty are finite everywhere.
public struct Histogram: Equatable, Sendable, Codable {
    /// Ascending bin edges, `binCount + 1` of them, from 0 to 1. Bin i is [edges[i], edges[i+1]),
    /// the last bin also holds a score of exactly 1.
    public var edges: [Double]
    /// Σw of the signal per bin, in expected events.
    public var signalSumW: [Double]
    /// Σw² of the signal per bin, for its Monte Carlo uncertainty.
    public var signalSumW2: [Double]
    /// Σw of the background per bin, in expected events.
    public var backgroundSumW: [Double]
    /// Σw² of the background per bin, for its Monte Carlo uncertainty.
    public var backgroundSumW2: [Double]
    /// The bin count asked for; larger than `binCount` when ties or empty bins forced merges.
    public var requestedBins: Int
    /// How the edges were chosen.
    public var strategy: BinningStrategy

    /// Bins are capped so that a typo in a spec cannot allocate gigabytes.
    public static let maximumBins = 10_000

    /// The number of bins after any merges.
    public var binCount: Int { backgroundSumW.count }

    /// The absolute Monte Carlo statistical uncertainty of the background per bin, √Σw².
    public var backgroundUncertainty: [Double] { backgroundSumW2.map { $0.squareRoot() } }

    /// A histogram from its columns, one value per bin in each (`edges` one more).
    public init(
        edges: [Double], signalSumW: [Double], signalSumW2: [Double], backgroundSumW: [Double],
        backgroundSumW2: [Double], requestedBins: Int, strategy: BinningStrategy
    ) {
        self.edges = edges
        self.signalSumW = signalSumW
        self.signalSumW2 = signalSumW2
        self.backgroundSumW = backgroundSumW
        self.backgroundSumW2 = backgroundSumW2
        self.requestedBins = requestedBins
        self.strategy = strategy
    }

    /// Bins signal and background events by score.
    ///
    /// Empty background bins are merged, never floored: a floor would invent background that the
    /// simulation does not have, and in a bin with signal the arbitrary floor would then set the
    /// significance. Merging keeps every yield and every MC uncertainty the sample really has.
    /// The merge walks down from score 1 (where background runs out first) and closes a bin once
    /// it has background; a background-free remainder at the bottom joins the lowest closed bin.
    ///
    /// - Parameters:
    ///   - signalScores, backgroundScores: scores in [0, 1], finite.
    ///   - signalWeights, backgroundWeights: one finite weight ≥ 0 per score (already scaled to
    ///     the expected yield).
    ///   - bins: the number of bins wanted, 1...``maximumBins``.
    /// - Throws: ``StatsError`` for mismatched lengths, non-finite or out-of-range scores, negative
    ///   or non-finite weights, and fewer than `bins` positively weighted events in either sample.
    public static func build(
        signalScores: [Double], signalWeights: [Double],
        backgroundScores: [Double], backgroundWeights: [Double],
        bins: Int, strategy: BinningStrategy
    ) throws -> Histogram {
        guard bins >= 1, bins <= maximumBins else {
            throw StatsError.invalidBinning(reason: "bin count \(bins) is outside 1...\(maximumBins)")
        }
        let signal = try Sample(name: "signal", scores: signalScores, weights: signalWeights)
        let background = try Sample(name: "background", scores: backgroundScores, weights: backgroundWeights)
        for sample in [signal, background] where sample.positiveCount < bins {
            throw StatsError.tooFewEvents(sample: sample.name, have: sample.positiveCount, needed: bins)
        }

        let edges: [Double]
        switch strategy {
        case .equal: edges = (0...bins).map { Double($0) / Double(bins) }
        case .flatSignal: edges = quantileEdges(signal, bins: bins)
        case .quantile: edges = quantileEdges(background, bins: bins)
        }
        let n = edges.count - 1
        var sW = [Double](repeating: 0, count: n), sW2 = sW, bW = sW, bW2 = sW
        signal.fill(edges: edges, sumW: &sW, sumW2: &sW2)
        background.fill(edges: edges, sumW: &bW, sumW2: &bW2)

        // Merge from the top down so every bin ends with positive background.
        var groups: [Range<Int>] = []
        var upper = n, acc = 0.0
        for i in stride(from: n - 1, through: 0, by: -1) {
            acc += bW[i]
            if acc > 0 { groups.append(i..<upper); upper = i; acc = 0 }
        }
        if upper > 0, let last = groups.popLast() { groups.append(0..<last.upperBound) }
        groups.reverse()

        func merged(_ v: [Double]) -> [Double] { groups.map { v[$0].reduce(0, +) } }
        return Histogram(
            edges: groups.map { edges[$0.lowerBound] } + [1.0],
            signalSumW: merged(sW), signalSumW2: merged(sW2),
            backgroundSumW: merged(bW), backgroundSumW2: merged(bW2),
            requestedBins: bins, strategy: strategy)
    }

    /// Edges at the weighted k/n quantiles of one sample, each placed midway between the two
    /// distinct scores that straddle it so that no event sits on an edge. Ties that would make two
    /// edges coincide drop one of them, hence possibly fewer bins than asked for.
    static func quantileEdges(_ sample: Sample, bins: Int) -> [Double] {
        var pairs: [(score: Double, weight: Double)] = []
        pairs.reserveCapacity(sample.scores.count)
        for (s, w) in zip(sample.scores, sample.weights) where w > 0 { pairs.append((s, w)) }
        pairs.sort { $0.score < $1.score }
        // Collapse equal scores so the cumulative sum steps once per distinct score.
        var scores: [Double] = [], cumulative: [Double] = []
        var running = 0.0
        for p in pairs {
            running += p.weight
            if let last = scores.last, last == p.score {
                cumulative[cumulative.count - 1] = running
            } else {
                scores.append(p.score); cumulative.append(running)
            }
        }
        var edges = [0.0]
        var j = 0
        for k in 1..<bins {
            let target = Double(k) / Double(bins) * running
            while j < cumulative.count - 1 && cumulative[j] < target { j += 1 }
            guard j < scores.count - 1 else { break }
            let edge = 0.5 * (scores[j] + scores[j + 1])
            if let last = edges.last, edge > last, edge < 1 { edges.append(edge) }
        }
        edges.append(1.0)
        return edges
    }

    /// One validated input sample.
    struct Sample {
        let name: String
        let scores: [Double]
        let weights: [Double]
        let positiveCount: Int

        init(name: String, scores: [Double], weights: [Double]) throws {
            guard scores.count == weights.count else {
                throw StatsError.lengthMismatch(field: "\(name) weights", expected: scores.count, got: weights.count)
            }
            var positive = 0
            for (i, s) in scores.enumerated() where !(s.isFinite && s >= 0 && s <= 1) {
                throw StatsError.invalidValue(
                    field: "\(name) scores", index: i, value: s, reason: "score must be a finite number in [0, 1]")
            }
            for (i, w) in weights.enumerated() {
                guard w.isFinite, w >= 0 else {
                    throw StatsError.invalidValue(
                        field: "\(name) weights", index: i, value: w, reason: "weight must be finite and ≥ 0")
                }
                if w > 0 { positive += 1 }
            }
            self.name = name
            self.scores = scores
            self.weights = weights
            self.positiveCount = positive
        }

        func fill(edges: [Double], sumW: inout [Double], sumW2: inout [Double]) {
            let n = edges.count - 1
            for (s, w) in zip(scores, weights) {
                // First edge strictly above s, minus one; a score of exactly 1 goes to the last bin.
                var lo = 1, hi = n
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if edges[mid] > s { hi = mid } else { lo = mid + 1 }
                }
                let bin = min(lo - 1, n - 1)
                sumW[bin] += w
                sumW2[bin] += w * w
            }
        }
    }
}
