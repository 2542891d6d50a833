/// Counts the turning points of a sampled curve, the measure of a smoothness check: a network's
/// output scanned along θ for one event should rise, fall, or peak once, not wiggle.
public enum TurningPoints {
    /// The number of times `values` changes direction by at least `tolerance`: a turn counts once
    /// the curve has moved back by `tolerance` from its last extremum, so rounding noise smaller
    /// than that never counts, and a plateau is not a turn.
    public static func count(_ values: [Double], tolerance: Double) -> Int {
        guard let first = values.first else { return 0 }
        var turns = 0
        // 0: no direction yet (track both extremes); +1 rising; −1 falling.
        var direction = 0
        var low = first, high = first
        for v in values.dropFirst() {
            switch direction {
            case 0:
                low = min(low, v)
                high = max(high, v)
                if v - low >= tolerance {
                    direction = 1
                    high = v
                } else if high - v >= tolerance {
                    direction = -1
                    low = v
                }
            case 1:
                if v > high {
                    high = v
                } else if high - v >= tolerance {
                    turns += 1
                    direction = -1
                    low = v
                }
            default:
                if v < low {
                    low = v
                } else if v - low >= tolerance {
                    turns += 1
                    direction = 1
                    high = v
                }
            }
        }
        return turns
    }
}
