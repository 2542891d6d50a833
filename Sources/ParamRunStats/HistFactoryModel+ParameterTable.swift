import Foundation

/// The parameters as modifiers declare them, found by name, and the measurement's settings on them.
extension HistFactoryModel {
    /// What a modifier name stands for. pyhf lets a name serve two modifier types only when they
    /// need the same parameter, which of the seven is normsys with histosys (one α).
    enum ParameterKind: String, Sendable {
        case normfactor, lumi, staterror, shapesys, shapefactor
        case alpha = "normsys/histosys"

        /// Whether the kind has one parameter per bin.
        var perBin: Bool { self == .staterror || self == .shapesys || self == .shapefactor }
        /// Whether an auxiliary measurement constrains it.
        var constrained: Bool { self != .normfactor && self != .shapefactor }
    }

    struct ParameterTable {
        var parameters: [Parameter] = []
        /// Each name's kind, the modifier type that declared it, and its parameters' indices.
        var byName: [String: (kind: ParameterKind, type: String, indices: [Int])] = [:]

        /// The parameters of `name`, declared by `make` the first time the name is seen.
        mutating func declare(
            _ name: String, kind: ParameterKind, type: String, path: String, make: () throws -> [Parameter]
        ) throws -> [Int] {
            if let entry = byName[name] {
                guard entry.kind == kind else {
                    throw StatsError.invalidWorkspace(
                        path: path,
                        reason: "\"\(name)\" is used as two modifier types (\(entry.type) and \(type)), which need "
                            + "different parameters")
                }
                return entry.indices
            }
            let new = try make()
            let indices = Array(parameters.count..<(parameters.count + new.count))
            parameters.append(contentsOf: new)
            byName[name] = (kind, type, indices)
            return indices
        }

        /// Applies a measurement's parameter settings. As in pyhf, a setting for a name the model
        /// does not have is ignored (a background-only workspace may configure its signal's μ);
        /// a lumi needs its `auxdata` and `sigmas` here, and its bounds default to aux ± 5σ.
        mutating func apply(_ settings: [HistFactoryWorkspace.ParameterConfig], at prefix: String) throws {
            var seen = Set<String>()
            var lumiConfigured = Set<String>()
            for (k, setting) in settings.enumerated() {
                let path = "\(prefix)[\(k)]"
                guard seen.insert(setting.name).inserted else {
                    throw StatsError.invalidWorkspace(
                        path: "\(path).name", reason: "a second setting for \"\(setting.name)\"")
                }
                guard let entry = byName[setting.name] else { continue }
                try apply(setting, to: entry.indices, kind: entry.kind, at: path)
                if entry.kind == .lumi { lumiConfigured.insert(setting.name) }
            }
            for (name, entry) in byName.sorted(by: { $0.key < $1.key }) where entry.kind == .lumi {
                guard lumiConfigured.contains(name) else {
                    throw StatsError.invalidWorkspace(
                        path: prefix, reason: "lumi \"\(name)\" needs a setting with its auxdata and sigmas")
                }
            }
        }

        mutating func apply(
            _ setting: HistFactoryWorkspace.ParameterConfig, to targets: [Int], kind: ParameterKind, at path: String
        ) throws {
            func check(_ values: [Double]?, _ field: String) throws {
                guard let values else { return }
                guard values.count == targets.count else {
                    throw StatsError.invalidWorkspace(
                        path: "\(path).\(field)", reason: "\(values.count) values for \(targets.count) parameters")
                }
                for (i, v) in values.enumerated() where !v.isFinite {
                    throw StatsError.invalidWorkspace(path: "\(path).\(field)[\(i)]", reason: "\(v) is not finite")
                }
            }
            try check(setting.inits, "inits")
            try check(setting.auxdata, "auxdata")
            try check(setting.sigmas, "sigmas")
            if setting.auxdata != nil, !kind.constrained {
                throw StatsError.invalidWorkspace(
                    path: "\(path).auxdata", reason: "\"\(setting.name)\" is unconstrained; auxdata does not apply")
            }
            if let sigmas = setting.sigmas {
                guard kind == .lumi || kind == .staterror else {
                    throw StatsError.invalidWorkspace(
                        path: "\(path).sigmas", reason: "sigmas apply to lumi and staterror only, as in pyhf")
                }
                for (i, s) in sigmas.enumerated() where !(s > 0) {
                    throw StatsError.invalidWorkspace(path: "\(path).sigmas[\(i)]", reason: "\(s): must be > 0")
                }
                for (s, t) in zip(sigmas, targets) { parameters[t].constraint = .gaussian(sigma: s) }
            }
            if let auxdata = setting.auxdata { for (a, t) in zip(auxdata, targets) { parameters[t].auxNominal = a } }
            if kind == .lumi {
                guard setting.auxdata != nil, setting.sigmas != nil else {
                    throw StatsError.invalidWorkspace(
                        path: path, reason: "lumi \"\(setting.name)\" needs auxdata and sigmas")
                }
                for t in targets {
                    let aux = parameters[t].auxNominal, sigma = parameters[t].constraintSigma ?? 1
                    parameters[t].initial = aux
                    parameters[t].lower = aux - 5 * sigma
                    parameters[t].upper = aux + 5 * sigma
                }
            }
            if let bounds = setting.bounds {
                guard bounds.count == targets.count else {
                    throw StatsError.invalidWorkspace(
                        path: "\(path).bounds", reason: "\(bounds.count) bounds for \(targets.count) parameters")
                }
                for (i, (b, t)) in zip(bounds, targets).enumerated() {
                    guard b.count == 2, b[0].isFinite, b[1].isFinite, b[0] <= b[1] else {
                        throw StatsError.invalidWorkspace(
                            path: "\(path).bounds[\(i)]", reason: "bounds must be [low, high] with low ≤ high")
                    }
                    parameters[t].lower = b[0]
                    parameters[t].upper = b[1]
                }
            }
            if let inits = setting.inits { for (v, t) in zip(inits, targets) { parameters[t].initial = v } }
            if let fixed = setting.fixed { for t in targets { parameters[t].fixed = fixed } }
        }
    }

    /// The index of the measurement named `name`, or of the first one.
    static func measurementIndex(in workspace: HistFactoryWorkspace, named name: String?) throws -> Int {
        if let name {
            guard let i = workspace.measurements.firstIndex(where: { $0.name == name }) else {
                throw StatsError.invalidWorkspace(path: "measurements", reason: "no measurement named \"\(name)\"")
            }
            return i
        }
        guard !workspace.measurements.isEmpty else {
            throw StatsError.invalidWorkspace(path: "measurements", reason: "none given")
        }
        return 0
    }
}
