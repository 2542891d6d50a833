/// An expected upper limit on the signal strength: the median and the edges of the ±1σ and ±2σ
/// bands of its distribution under the background-only hypothesis.
public struct ExpectedLimit: Equatable, Sendable, Codable {
    /// The lower edge of the 2σ band (the smallest of the five).
    public var minus2: Double
    /// The lower edge of the 1σ band.
    public var minus1: Double
    /// The median expected limit.
    public var median: Double
    /// The upper edge of the 1σ band.
    public var plus1: Double
    /// The upper edge of the 2σ band (the largest of the five).
    public var plus2: Double

    /// A limit from its five quantiles, in ascending order.
    public init(minus2: Double, minus1: Double, median: Double, plus1: Double, plus2: Double) {
        self.minus2 = minus2; self.minus1 = minus1; self.median = median; self.plus1 = plus1; self.plus2 = plus2
    }

    /// The five values from −2σ to +2σ.
    public var ordered: [Double] { [minus2, minus1, median, plus1, plus2] }
}
