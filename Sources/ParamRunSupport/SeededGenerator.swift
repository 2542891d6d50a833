#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// paramrun's one source of randomness: xoshiro256** seeded through SplitMix64.
///
/// The algorithm is fixed here rather than taken from the standard library, so the same seed
/// gives the same stream on every Swift version and platform, and its state can be checkpointed.
/// Trainings, generators, splits and tests all draw from it.
public struct SeededGenerator: RandomNumberGenerator, Hashable, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// The second value of the last Box–Muller pair that ``nextNormalPaired()`` drew.
    private var spareNormal: Double?

    /// Creates a generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        s0 = Self.splitMix(&sm)
        s1 = Self.splitMix(&sm)
        s2 = Self.splitMix(&sm)
        s3 = Self.splitMix(&sm)
    }

    /// An independent stream for one purpose, so that adding a draw for one purpose (a split,
    /// say) never moves another's events.
    ///
    /// The label is folded in with FNV-1a. That is part of the stream's definition, not a key
    /// or fingerprint: changing it would change every generated event.
    public init(seed: UInt64, stream: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in stream.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        self.init(seed: seed ^ Self.mix(h))
    }

    /// The four state words; saving and restoring them resumes the exact stream.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// Restores a generator from saved state words.
    public init(state: [UInt64]) throws(SupportError) {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else {
            throw SupportError.invalidGeneratorState(state)
        }
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
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

    /// The next 64 random bits of this stream (xoshiro256**).
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
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform value in [low, high).
    @inline(__always)
    public mutating func nextUniform(in low: Double, _ high: Double) -> Double {
        low + (high - low) * nextUniform()
    }

    /// A uniform value in (0, 1], safe to take the logarithm of.
    @inline(__always)
    public mutating func nextUniformPositive() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// A standard normal value from one Box–Muller pair per call, so the four state words alone
    /// define the stream (what a training checkpoints).
    public mutating func nextNormal() -> Double {
        let u1 = 1.0 - nextUniform() // (0, 1], so log is finite
        let u2 = nextUniform()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// A standard normal value, keeping the pair's second value for the next call: half the
    /// draws of ``nextNormal()``, for the event generators, which never checkpoint.
    @inline(__always)
    public mutating func nextNormalPaired() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let r = (-2 * log(nextUniformPositive())).squareRoot()
        let phi = 2 * Double.pi * nextUniform()
        spareNormal = r * sin(phi)
        return r * cos(phi)
    }

    /// An exponential value with the given mean.
    @inline(__always)
    public mutating func nextExponential(mean: Double) -> Double {
        -mean * log(nextUniformPositive())
    }

    /// A uniform integer in 0..<bound, without modulo bias (Lemire's multiply and reject, the
    /// same draws as the standard library's `next(upperBound:)`).
    @inline(__always)
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "nextIndex(below:) needs a positive bound")
        let b = UInt64(bound)
        let threshold = (0 &- b) % b
        while true {
            let product = next().multipliedFullWidth(by: b)
            if product.low >= threshold { return Int(product.high) }
        }
    }

    /// Shuffles `indices` in place (Fisher–Yates).
    public mutating func shuffle(_ indices: inout [Int]) {
        guard indices.count > 1 else { return }
        for i in stride(from: indices.count - 1, to: 0, by: -1) {
            let j = nextIndex(below: i + 1)
            if i != j { indices.swapAt(i, j) }
        }
    }
}

extension SeededGenerator: Codable {
    private enum CodingKeys: String, CodingKey { case state }

    // Only the four words are encoded, as before the generators were merged, so checkpoints
    // written by 0.2 still read.
    /// Restores a generator from its four state words, so a stream resumes where it stopped.
    ///
    /// - Throws: ``SupportError/invalidGeneratorState(_:)`` unless there are 4 words, not all zero.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(state: try container.decode([UInt64].self, forKey: .state))
    }

    /// Writes the four state words.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
    }
}
