import ParamRunStats

/// Bins merged so that every shifted background is positive, as the nominal one already is.
extension HistogramStage {
    /// The histogram and its shape systematics with bins merged, from the top down as
    /// ``Histogram/build(signalScores:signalWeights:backgroundScores:backgroundWeights:bins:strategy:)``
    /// merges them, until each bin holds background at nominal, +1σ and −1σ alike.
    ///
    /// A shifted background of 0 in a bin (a top bin's few simulated events all moving out) makes
    /// the `histosys` extrapolate that bin's background to 0 at |α| = 1 and below 0 beyond, where
    /// the Poisson term has no value: the fit would stop at the data, not at the physics.
    static func merged(
        _ histogram: Histogram, _ shapes: [HistFactoryWorkspace.ShapeSystematic]
    ) -> (Histogram, [HistFactoryWorkspace.ShapeSystematic]) {
        let n = histogram.binCount
        func positive(_ i: Range<Int>) -> Bool {
            shapes.allSatisfy { s in s.backgroundHi[i].reduce(0, +) > 0 && s.backgroundLo[i].reduce(0, +) > 0 }
                && histogram.backgroundSumW[i].reduce(0, +) > 0
        }
        var groups: [Range<Int>] = []
        var upper = n
        for i in stride(from: n - 1, through: 0, by: -1) where positive(i..<upper) {
            groups.append(i..<upper)
            upper = i
        }
        if upper > 0, let last = groups.popLast() { groups.append(0..<last.upperBound) }
        groups.reverse()
        guard groups.count < n else { return (histogram, shapes) }
        func sum(_ v: [Double]) -> [Double] { groups.map { v[$0].reduce(0, +) } }
        let h = Histogram(
            edges: groups.map { histogram.edges[$0.lowerBound] } + [1.0], signalSumW: sum(histogram.signalSumW),
            signalSumW2: sum(histogram.signalSumW2), backgroundSumW: sum(histogram.backgroundSumW),
            backgroundSumW2: sum(histogram.backgroundSumW2), requestedBins: histogram.requestedBins,
            strategy: histogram.strategy)
        let s = shapes.map {
            HistFactoryWorkspace.ShapeSystematic(
                name: $0.name, signalHi: sum($0.signalHi), signalLo: sum($0.signalLo),
                backgroundHi: sum($0.backgroundHi), backgroundLo: sum($0.backgroundLo))
        }
        return (h, s)
    }
}
