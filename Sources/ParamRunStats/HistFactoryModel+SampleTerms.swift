import Foundation

/// One sample's modifiers as per-bin multiplicative factors and additive shifts, with the
/// parameters they declare and pyhf's defaults for each: normfactor [0, 10] from 1; α (normsys,
/// histosys) [−5, 5] from 0, N(0 | α, 1); γ (staterror, shapesys, shapefactor) [1e-10, 10] from 1
/// ([0, 10] for shapefactor); lumi from the measurement.
extension HistFactoryModel.Builder {
    typealias Parameter = HistFactoryModel.Parameter
    typealias Factor = HistFactoryModel.Layout.Factor
    typealias Shift = HistFactoryModel.Layout.Shift

    static let supportedTypes = "histosys, lumi, normfactor, normsys, shapefactor, shapesys, staterror"

    mutating func sampleTerms(
        _ sample: HistFactoryWorkspace.Sample, at path: String, channel c: Int, position: Int
    ) throws -> (factors: [[Factor]], shifts: [[Shift]]) {
        let count = bins[c]
        var factors = [[Factor]](repeating: [], count: count)
        var shifts = [[Shift]](repeating: [], count: count)
        var seen = Set<String>()
        for (m, modifier) in sample.modifiers.enumerated() {
            let mpath = "\(path).modifiers[\(m)]"
            guard seen.insert("\(modifier.type)/\(modifier.name)").inserted else {
                throw StatsError.invalidWorkspace(
                    path: mpath, reason: "modifier \"\(modifier.name)\" appears twice on one sample")
            }
            switch modifier.type {
            case "normfactor", "lumi", "normsys":
                let (p, curve) = try scalarFactor(modifier, at: mpath)
                for b in 0..<count { factors[b].append(Factor(parameter: p, curve: curve)) }
            case "histosys":
                let curves = try histosysCurves(modifier, nominal: sample.data, at: mpath)
                let p = try alpha(modifier.name, type: "histosys", at: mpath)
                for b in 0..<count { shifts[b].append(Shift(parameter: p, curve: curves[b])) }
            case "staterror", "shapesys", "shapefactor":
                let gammas = try perBinParameters(modifier, nominal: sample.data, at: mpath, position: position)
                for b in 0..<count { factors[b].append(Factor(parameter: gammas[b], curve: -1)) }
            default:
                throw StatsError.invalidWorkspace(
                    path: "\(mpath).type",
                    reason: "modifier type \"\(modifier.type)\" is not supported (\(Self.supportedTypes) are)")
            }
        }
        return (factors, shifts)
    }

    /// A normfactor's or lumi's parameter (curve −1: the factor is the parameter), or a normsys's
    /// α with its curve.
    mutating func scalarFactor(_ modifier: HistFactoryWorkspace.Modifier, at path: String) throws -> (Int, Int) {
        let name = modifier.name
        switch modifier.type {
        case "normfactor":
            let p = try table.declare(name, kind: .normfactor, type: "normfactor", path: path) {
                [
                    Parameter(
                        name: name, modifierType: "normfactor", lower: 0, upper: 10, initial: 1, fixed: false,
                        constraint: .none, auxNominal: 0)
                ]
            }
            return (p[0], -1)
        case "lumi":
            // Bounds, init, width and aux come from the measurement, which must give them.
            let p = try table.declare(name, kind: .lumi, type: "lumi", path: path) {
                [
                    Parameter(
                        name: name, modifierType: "lumi", lower: 0, upper: 10, initial: 1, fixed: false,
                        constraint: .gaussian(sigma: 1), auxNominal: 1)
                ]
            }
            return (p[0], -1)
        default:
            guard case let .hiLo(hi, lo) = modifier.data else {
                throw StatsError.invalidWorkspace(path: "\(path).data", reason: "normsys needs {\"hi\", \"lo\"}")
            }
            guard hi.isFinite, lo.isFinite, hi > 0, lo > 0 else {
                throw StatsError.invalidWorkspace(
                    path: "\(path).data", reason: "normsys hi = \(hi), lo = \(lo): both must be finite and > 0")
            }
            let p = try alpha(name, type: "normsys", at: path)
            layout.normsysCurves.append(.init(interpolation: interpolation.normsys, hi: hi, lo: lo))
            return (p, layout.normsysCurves.count - 1)
        }
    }

    /// The α of a normsys or histosys `name`, shared between the two types.
    mutating func alpha(_ name: String, type: String, at path: String) throws -> Int {
        try table.declare(name, kind: .alpha, type: type, path: path) {
            [
                Parameter(
                    name: name, modifierType: type, lower: -5, upper: 5, initial: 0, fixed: false,
                    constraint: .gaussian(sigma: 1), auxNominal: 0)
            ]
        }[0]
    }

    /// A histosys's shift curve per bin, its templates checked like yields.
    func histosysCurves(
        _ modifier: HistFactoryWorkspace.Modifier, nominal: [Double], at path: String
    ) throws -> [HistosysInterpolation.Curve] {
        guard case let .hiLoData(hi, lo) = modifier.data else {
            throw StatsError.invalidWorkspace(
                path: "\(path).data", reason: "histosys needs {\"hi_data\", \"lo_data\"}")
        }
        try HistFactoryModel.checkYields(hi, count: nominal.count, path: "\(path).data.hi_data")
        try HistFactoryModel.checkYields(lo, count: nominal.count, path: "\(path).data.lo_data")
        return nominal.indices.map {
            HistosysInterpolation.Curve(
                interpolation: interpolation.histosys, nominal: nominal[$0], hi: hi[$0], lo: lo[$0])
        }
    }

    /// The γ per bin of a staterror (shared across the channel's samples, and across channels),
    /// a shapesys (its own, Poisson-constrained) or a shapefactor (free, shared by bin index).
    mutating func perBinParameters(
        _ modifier: HistFactoryWorkspace.Modifier, nominal: [Double], at path: String, position: Int
    ) throws -> [Int] {
        let name = modifier.name, count = nominal.count
        switch modifier.type {
        case "staterror":
            // The prepass has checked the data and knows every channel the name spans.
            guard let info = staterrors[name], let offset = info.offsets[position] else {
                throw StatsError.invalidWorkspace(path: path, reason: "staterror \"\(name)\" was not collected")
            }
            let all = try table.declare(name, kind: .staterror, type: "staterror", path: path) {
                info.sigmas.enumerated().map { i, sigma in
                    Parameter(
                        name: "\(name)[\(i)]", modifierType: "staterror", lower: 1e-10, upper: 10, initial: 1,
                        fixed: sigma == 0, constraint: .gaussian(sigma: sigma > 0 ? sigma : 1), auxNominal: 1)
                }
            }
            return Array(all[offset..<(offset + count)])
        case "shapesys":
            return try shapesys(modifier, nominal: nominal, at: path)
        default:
            let all = try table.declare(name, kind: .shapefactor, type: "shapefactor", path: path) {
                (0..<count).map {
                    Parameter(
                        name: "\(name)[\($0)]", modifierType: "shapefactor", lower: 0, upper: 10, initial: 1,
                        fixed: false, constraint: .none, auxNominal: 0)
                }
            }
            guard all.count == count else {
                throw StatsError.invalidWorkspace(
                    path: path,
                    reason: "shapefactor \"\(name)\" has \(all.count) parameters from an earlier "
                        + "channel, but this channel has \(count) bins")
            }
            return all
        }
    }

    /// A shapesys's γ per bin with τ = (nominal/δ)²; a bin where either is 0 gets a fixed γ with
    /// τ = 1, as pyhf 0.7.6 does.
    mutating func shapesys(_ modifier: HistFactoryWorkspace.Modifier, nominal: [Double], at path: String) throws
        -> [Int]
    {
        let name = modifier.name
        guard case let .values(delta) = modifier.data else {
            throw StatsError.invalidWorkspace(path: "\(path).data", reason: "shapesys needs an array")
        }
        try HistFactoryModel.checkYields(delta, count: nominal.count, path: "\(path).data")
        if let other = shapesysPaths[name] {
            throw StatsError.invalidWorkspace(
                path: path, reason: "shapesys \"\(name)\" is also at \(other); pyhf allows one use of a shapesys name")
        }
        shapesysPaths[name] = path
        return try table.declare(name, kind: .shapesys, type: "shapesys", path: path) {
            nominal.indices.map { i in
                let valid = nominal[i] > 0 && delta[i] > 0
                let tau = valid ? (nominal[i] * nominal[i]) / (delta[i] * delta[i]) : 1
                return Parameter(
                    name: "\(name)[\(i)]", modifierType: "shapesys", lower: 1e-10, upper: 10, initial: 1,
                    fixed: !valid, constraint: .poisson(tau: tau), auxNominal: tau)
            }
        }
    }
}
