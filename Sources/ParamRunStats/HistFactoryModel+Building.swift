import Foundation

/// Building a model from a workspace: the measurement, the staterror widths, each sample's
/// factors and the measurement's parameter settings, each checked and reported by its JSON path.
extension HistFactoryModel {
    /// The parameters as they are declared, with the indices that find them by modifier name.
    struct ParameterTable {
        var parameters: [Parameter] = []
        /// normfactor and normsys parameters by name.
        var scalarIndex: [String: Int] = [:]
        /// Each staterror's per-bin γ parameters by name.
        var staterrorParameters: [String: [Int]] = [:]

        /// The index of the scalar parameter `name`, declared by `make` the first time it is seen;
        /// one name may not serve two modifier types.
        mutating func scalar(_ name: String, type: String, path: String, make: () -> Parameter) throws -> Int {
            if let i = scalarIndex[name] {
                if type == "normfactor" ? parameters[i].constraintSigma != nil : parameters[i].constraintSigma == nil {
                    throw StatsError.invalidWorkspace(path: path, reason: "\"\(name)\" is used as two modifier types")
                }
                return i
            }
            parameters.append(make())
            scalarIndex[name] = parameters.count - 1
            return parameters.count - 1
        }

        /// Applies a measurement's parameter settings (bounds, inits, fixed) to the parameters they name.
        mutating func apply(_ settings: [HistFactoryWorkspace.ParameterConfig], at prefix: String) throws {
            for (k, setting) in settings.enumerated() {
                let path = "\(prefix)[\(k)]"
                let targets: [Int]
                if let i = scalarIndex[setting.name] {
                    targets = [i]
                } else if let v = staterrorParameters[setting.name] {
                    targets = v
                } else {
                    throw StatsError.invalidWorkspace(
                        path: "\(path).name", reason: "no parameter named \"\(setting.name)\"")
                }
                if let bounds = setting.bounds {
                    guard bounds.count == targets.count else {
                        throw StatsError.invalidWorkspace(
                            path: "\(path).bounds", reason: "\(bounds.count) bounds for \(targets.count) parameters")
                    }
                    for (b, t) in zip(bounds, targets) {
                        guard b.count == 2, b[0].isFinite, b[1].isFinite, b[0] <= b[1] else {
                            throw StatsError.invalidWorkspace(
                                path: "\(path).bounds", reason: "bounds must be [low, high] with low ≤ high")
                        }
                        parameters[t].lower = b[0]
                        parameters[t].upper = b[1]
                    }
                }
                if let inits = setting.inits {
                    guard inits.count == targets.count, inits.allSatisfy(\.isFinite) else {
                        throw StatsError.invalidWorkspace(
                            path: "\(path).inits",
                            reason: "\(inits.count) finite inits needed for \(targets.count) parameters")
                    }
                    for (v, t) in zip(inits, targets) { parameters[t].initial = v }
                }
                if let fixed = setting.fixed { for t in targets { parameters[t].fixed = fixed } }
            }
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

    /// Σ_s (δ_si / N_i)² per bin for each staterror name: pyhf's staterror σ combines every sample
    /// carrying the same name, σᵢ = √(Σ_s (δ_si / N_i)²) with N_i = Σ_s nominal_si over those samples.
    static func staterrorSquares(_ channel: HistFactoryWorkspace.Channel, bins: Int) throws -> [String: [Double]] {
        var staterrorNominal: [String: [Double]] = [:]
        for (s, sample) in channel.samples.enumerated() {
            for (m, modifier) in sample.modifiers.enumerated() where modifier.type == "staterror" {
                guard case let .values(delta) = modifier.data else {
                    throw StatsError.invalidWorkspace(
                        path: "channels[0].samples[\(s)].modifiers[\(m)].data", reason: "staterror needs an array")
                }
                try Self.checkYields(delta, count: bins, path: "channels[0].samples[\(s)].modifiers[\(m)].data")
                try Self.checkYields(sample.data, count: bins, path: "channels[0].samples[\(s)].data")
                let sum = staterrorNominal[modifier.name] ?? [Double](repeating: 0, count: bins)
                staterrorNominal[modifier.name] = zip(sum, sample.data).map(+)
            }
        }
        var staterrorSquares: [String: [Double]] = [:]
        for sample in channel.samples {
            for modifier in sample.modifiers where modifier.type == "staterror" {
                guard case let .values(delta) = modifier.data, let nominal = staterrorNominal[modifier.name] else {
                    continue
                }
                var squares = staterrorSquares[modifier.name] ?? [Double](repeating: 0, count: bins)
                for i in 0..<bins where nominal[i] > 0 {
                    squares[i] += (delta[i] / nominal[i]) * (delta[i] / nominal[i])
                }
                staterrorSquares[modifier.name] = squares
            }
        }
        return staterrorSquares
    }

    /// One sample's multiplicative factors, declaring in `table` the parameters they are the first to use.
    static func factors(
        of sample: HistFactoryWorkspace.Sample, at path: String, bins: Int,
        staterrorSquares: [String: [Double]], normsysInterpolation: NormsysInterpolation,
        table: inout ParameterTable
    ) throws -> [Factor] {
        try Self.checkYields(sample.data, count: bins, path: "\(path).data")
        var factors: [Factor] = []
        var seen = Set<String>()
        for (m, modifier) in sample.modifiers.enumerated() {
            let mpath = "\(path).modifiers[\(m)]"
            guard seen.insert("\(modifier.type)/\(modifier.name)").inserted else {
                throw StatsError.invalidWorkspace(
                    path: mpath, reason: "modifier \"\(modifier.name)\" appears twice on one sample")
            }
            switch modifier.type {
            case "normfactor":
                let p = try table.scalar(modifier.name, type: "normfactor", path: mpath) {
                    Parameter(
                        name: modifier.name, lower: 0, upper: 10, initial: 1, fixed: false, constraintSigma: nil,
                        auxNominal: 0)
                }
                factors.append(.normfactor(parameter: p))
            case "normsys":
                guard case let .hiLo(hi, lo) = modifier.data else {
                    throw StatsError.invalidWorkspace(path: "\(mpath).data", reason: "normsys needs {\"hi\", \"lo\"}")
                }
                guard hi.isFinite, lo.isFinite, hi > 0, lo > 0 else {
                    throw StatsError.invalidWorkspace(
                        path: "\(mpath).data", reason: "normsys hi = \(hi), lo = \(lo): both must be finite and > 0")
                }
                let p = try table.scalar(modifier.name, type: "normsys", path: mpath) {
                    Parameter(
                        name: modifier.name, lower: -5, upper: 5, initial: 0, fixed: false, constraintSigma: 1,
                        auxNominal: 0)
                }
                factors.append(
                    .normsys(parameter: p, curve: .init(interpolation: normsysInterpolation, hi: hi, lo: lo)))
            case "staterror":
                let gammas = table.staterror(modifier.name, bins: bins, squares: staterrorSquares)
                factors.append(.staterror(parameters: gammas))
            default:
                throw StatsError.invalidWorkspace(
                    path: "\(mpath).type",
                    reason: "modifier type \"\(modifier.type)\" is not supported (normfactor, normsys, staterror are)")
            }
        }
        return factors
    }
}

extension HistFactoryModel.ParameterTable {
    /// The per-bin γ parameters of staterror `name`, declared the first time it is seen; a bin with
    /// σ = 0 gets a fixed γ, as in pyhf.
    mutating func staterror(_ name: String, bins: Int, squares: [String: [Double]]) -> [Int] {
        if let existing = staterrorParameters[name] { return existing }
        let sigmas = (squares[name] ?? [Double](repeating: 0, count: bins)).map { $0.squareRoot() }
        var indices: [Int] = []
        for i in 0..<bins {
            let sigma = sigmas[i]
            parameters.append(
                HistFactoryModel.Parameter(
                    name: "\(name)[\(i)]", lower: 1e-10, upper: 10, initial: 1,
                    fixed: sigma == 0, constraintSigma: sigma > 0 ? sigma : 1, auxNominal: 1))
            indices.append(parameters.count - 1)
        }
        staterrorParameters[name] = indices
        return indices
    }
}
