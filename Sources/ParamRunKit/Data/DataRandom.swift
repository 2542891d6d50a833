/// A small, fast, seeded random number generator for data generation and splits.
///
/// xoshiro256** seeded through SplitMix64, so any 64-bit seed gives a well-mixed state
/// and the same seed gives the same stream on every platform.
public struct DataRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    private var spareNormal: Double?

    /// Creates a generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        s0 = DataRandom.splitMix(&sm)
        s1 = DataRandom.splitMix(&sm)
        s2 = DataRandom.splitMix(&sm)
        s3 = DataRandom.splitMix(&sm)
    }

    /// Creates an independent stream for one purpose, so that e.g. adding a split does not
    /// change the generated events.
    public init(seed: UInt64, stream: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in stream.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        self.init(seed: seed ^ DataRandom.mix(h))
    }

    @inline(__always)
    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return mix(state)
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform value in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform value in (0, 1], safe to take the logarithm of.
    @inline(__always)
    public mutating func uniformPositive() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// A standard normal value (Box–Muller; the second value of each pair is kept).
    @inline(__always)
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let r = (-2 * _log(uniformPositive())).squareRoot()
        let phi = 2 * Double.pi * uniform()
        spareNormal = r * _sin(phi)
        return r * _cos(phi)
    }

    /// An exponential value with the given mean.
    @inline(__always)
    public mutating func exponential(mean: Double) -> Double {
        -mean * _log(uniformPositive())
    }

    /// A uniform integer in 0..<n.
    @inline(__always)
    public mutating func index(below n: Int) -> Int {
        Int(next(upperBound: UInt64(n)))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) private func _log(_ x: Double) -> Double { log(x) }
@inline(__always) func _sin(_ x: Double) -> Double { sin(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { cos(x) }
