import Foundation
import ParamRunSupport

/// Per-column affine scaling x′ = (x − offset) × scale, for features and θ.
///
/// Fitted on training data only and saved with the model. θ has its own (offset, scale), so a
/// mass given at evaluation time is scaled the same way (``scaleTheta(_:)``).
public struct Scaler: Codable, Equatable, Sendable {
    /// How a column's offset and scale are chosen; a spec's `scale:` words are the raw values.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// offset = mean, scale = 1/standard deviation.
        case standard
        /// offset = minimum, scale = 1/(maximum − minimum): values map onto [0, 1].
        case minMax = "minmax"
        /// offset 0, scale 1 (`none` in a spec).
        case identity = "none"

        /// Also reads `identity`, the word scaler files written before the spec used this type hold.
        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let kind = text == "identity" ? .identity : Kind(rawValue: text) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "not a scaler kind: \(text)"))
            }
            self = kind
        }
    }

    /// How the pairs were fitted.
    public var kind: Kind
    /// The feature columns, in the order of `offsets` and `scales`.
    public var featureNames: [String]
    /// Per feature column: x′ = (x − offset) × scale.
    public var offsets: [Float]
    /// Per feature column: the factor applied after the offset.
    public var scales: [Float]
    /// The same for θ.
    public var thetaOffset: Float
    /// The factor applied to θ after its offset.
    public var thetaScale: Float

    /// Fits on `table` (the training data); a constant column gets scale 1. A θ component may
    /// have its own kind: `columnKinds` by column name (a condition such as `jes`), `thetaKind`
    /// for the mass θ; every other column uses `kind`.
    public static func fit(_ table: EventTable, kind: Kind, columnKinds: [String: Kind] = [:], thetaKind: Kind? = nil)
        -> Scaler
    {
        let width = table.featureCount
        var offsets = [Float](), scales = [Float]()
        for c in 0..<width {
            let (o, s) = fitColumn(count: table.count, kind: columnKinds[table.featureNames[c]] ?? kind) {
                table.features[$0 * width + c]
            }
            offsets.append(o)
            scales.append(s)
        }
        let (to, ts) = fitColumn(count: table.count, kind: thetaKind ?? kind) { table.theta[$0] }
        return Scaler(
            kind: kind, featureNames: table.featureNames, offsets: offsets, scales: scales,
            thetaOffset: to, thetaScale: ts)
    }

    static func fitColumn(count: Int, kind: Kind, value: (Int) -> Float) -> (Float, Float) {
        guard count > 0 else { return (0, 1) }
        switch kind {
        case .identity:
            return (0, 1)
        case .standard:
            var sum = 0.0
            for i in 0..<count { sum += Double(value(i)) }
            let mean = sum / Double(count)
            var squares = 0.0
            for i in 0..<count {
                let d = Double(value(i)) - mean
                squares += d * d
            }
            let std = (squares / Double(count)).squareRoot()
            return (Float(mean), std > 1e-12 * max(1, abs(mean)) ? Float(1 / std) : 1)
        case .minMax:
            var lo = Double.infinity, hi = -Double.infinity
            for i in 0..<count {
                let v = Double(value(i))
                lo = min(lo, v)
                hi = max(hi, v)
            }
            return (Float(lo), hi - lo > 1e-12 * max(1, abs(lo)) ? Float(1 / (hi - lo)) : 1)
        }
    }

    /// The scaled copy of `table`, whose columns must be among those fitted.
    public func apply(_ table: EventTable) throws -> EventTable {
        let columns = try table.featureNames.map { name -> Int in
            guard let i = featureNames.firstIndex(of: name) else {
                throw DataError(.invalidRequest("scaler was fitted without feature '\(name)'"))
            }
            return i
        }
        var out = table
        let width = table.featureCount
        out.features.withUnsafeMutableBufferPointer { f in
            for r in 0..<table.count {
                for c in 0..<width {
                    let k = columns[c]
                    f[r * width + c] = (f[r * width + c] - offsets[k]) * scales[k]
                }
            }
        }
        for r in 0..<table.count { out.theta[r] = (out.theta[r] - thetaOffset) * thetaScale }
        return out
    }

    /// θ as the network sees it.
    public func scaleTheta(_ value: Double) -> Float {
        (Float(value) - thetaOffset) * thetaScale
    }

    /// θ in physical units from its scaled value.
    public func unscaleTheta(_ value: Float) -> Double {
        Double(value / thetaScale + thetaOffset)
    }

    /// (offset, scale) per network input column: the features in the table's order, then θ.
    public func inputColumns(for featureNames: [String]? = nil) throws -> [(offset: Float, scale: Float)] {
        let names = featureNames ?? self.featureNames
        var pairs = try names.map { name -> (offset: Float, scale: Float) in
            guard let i = self.featureNames.firstIndex(of: name) else {
                throw DataError(.invalidRequest("scaler was fitted without feature '\(name)'"))
            }
            return (offsets[i], scales[i])
        }
        pairs.append((thetaOffset, thetaScale))
        return pairs
    }

    /// Writes the scaler as JSON.
    public func save(to url: URL) throws {
        do {
            try JSONCoding.write(self, to: url)
        } catch {
            throw DataError(.io("\(error)"), path: url.path)
        }
    }

    /// Reads a scaler written by ``save(to:)``.
    public static func load(from url: URL) throws -> Scaler {
        do {
            return try JSONCoding.read(Scaler.self, from: url)
        } catch {
            throw DataError(.io("cannot read scaler: \(error)"), path: url.path)
        }
    }
}
