import Foundation

/// The staterror widths, which need every sample carrying a name before the first γ is declared.
///
/// pyhf combines the samples carrying one staterror name: in bin i, σᵢ = √(Σ_s δ²_si) / Σ_s ν_si
/// over those samples, and a bin with σ = 0 (no nominal yield, or no uncertainty) gets a fixed γ.
/// A name used in several channels has one γ per bin of each, in channel-name order, and pyhf
/// requires the same samples to carry it in each of those channels.
extension HistFactoryModel.Builder {
    struct Staterror {
        /// The first γ's offset, within the name's γs, of each channel (by name-order position).
        var offsets: [Int: Int] = [:]
        /// σ per γ, over the channels' bins concatenated.
        var sigmas: [Double] = []
    }

    /// One channel's samples carrying a staterror name.
    struct StaterrorCarriers {
        let position: Int
        let path: String
        var samples: [String] = []
        var deltas: [[Double]] = []
        var nominals: [[Double]] = []
    }

    static func staterrors(of workspace: HistFactoryWorkspace, order: [Int], bins: [Int]) throws
        -> [String: Staterror]
    {
        var carriers: [String: [StaterrorCarriers]] = [:]
        var names: [String] = []
        for (position, c) in order.enumerated() {
            for (s, sample) in workspace.channels[c].samples.enumerated() {
                let path = "channels[\(c)].samples[\(s)]"
                for (m, modifier) in sample.modifiers.enumerated() where modifier.type == "staterror" {
                    let mpath = "\(path).modifiers[\(m)]"
                    guard case let .values(delta) = modifier.data else {
                        throw StatsError.invalidWorkspace(path: "\(mpath).data", reason: "staterror needs an array")
                    }
                    try HistFactoryModel.checkYields(delta, count: bins[c], path: "\(mpath).data")
                    try HistFactoryModel.checkYields(sample.data, count: bins[c], path: "\(path).data")
                    if carriers[modifier.name] == nil { names.append(modifier.name) }
                    var groups = carriers[modifier.name] ?? []
                    if groups.last?.position != position {
                        groups.append(StaterrorCarriers(position: position, path: mpath))
                    }
                    groups[groups.count - 1].samples.append(sample.name)
                    groups[groups.count - 1].deltas.append(delta)
                    groups[groups.count - 1].nominals.append(sample.data)
                    carriers[modifier.name] = groups
                }
            }
        }
        var result: [String: Staterror] = [:]
        for name in names {
            let groups = carriers[name] ?? []
            let reference = Set(groups[0].samples)
            var info = Staterror()
            for group in groups {
                guard Set(group.samples) == reference else {
                    throw StatsError.invalidWorkspace(
                        path: group.path,
                        reason: "staterror \"\(name)\" is carried by samples \(group.samples.sorted()) here but by "
                            + "\(reference.sorted()) in another channel; pyhf needs the same samples in each")
                }
                info.offsets[group.position] = info.sigmas.count
                info.sigmas.append(contentsOf: sigmas(group))
            }
            result[name] = info
        }
        return result
    }

    /// σ per bin of one channel: √(Σ_s (δ_s / N)²) with N = Σ_s nominal_s, 0 where N = 0.
    static func sigmas(_ group: StaterrorCarriers) -> [Double] {
        let count = group.nominals[0].count
        var total = [Double](repeating: 0, count: count)
        for nominal in group.nominals { for i in 0..<count { total[i] += nominal[i] } }
        var squares = [Double](repeating: 0, count: count)
        for delta in group.deltas {
            for i in 0..<count where total[i] > 0 { squares[i] += (delta[i] / total[i]) * (delta[i] / total[i]) }
        }
        return squares.map { $0.squareRoot() }
    }
}
