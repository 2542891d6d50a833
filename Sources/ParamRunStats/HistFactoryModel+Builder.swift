import Foundation

/// Building a model from a workspace: channels in name order, each sample's modifiers turned into
/// per-bin factors and shifts, the parameters they declare, and the measurement's settings, each
/// problem reported by its JSON path in the workspace as given.
extension HistFactoryModel {
    struct Builder {
        let workspace: HistFactoryWorkspace
        let interpolation: Interpolation
        let measurementIndex: Int
        /// Workspace channel indices in name order (Unicode scalar order, as Python sorts).
        let order: [Int]
        /// Bins per channel, by workspace index.
        let bins: [Int]
        var table = ParameterTable()
        var layout = Layout()
        var channels: [Channel] = []
        var binCount = 0
        var observedMain: [Double] = []
        var poiIndex = 0
        var staterrors: [String: Staterror] = [:]
        /// Where each shapesys name was declared: pyhf allows one use of a shapesys name.
        var shapesysPaths: [String: String] = [:]

        init(workspace: HistFactoryWorkspace, measurement: String?, interpolation: Interpolation) throws {
            self.workspace = workspace
            self.interpolation = interpolation
            measurementIndex = try HistFactoryModel.measurementIndex(in: workspace, named: measurement)
            guard !workspace.channels.isEmpty else {
                throw StatsError.invalidWorkspace(path: "channels", reason: "no channels")
            }
            var names: [String: Int] = [:]
            var bins: [Int] = []
            for (c, channel) in workspace.channels.enumerated() {
                if let other = names.updateValue(c, forKey: channel.name) {
                    throw StatsError.invalidWorkspace(
                        path: "channels[\(c)].name", reason: "\"\(channel.name)\" is also channels[\(other)]'s name")
                }
                guard let first = channel.samples.first else {
                    throw StatsError.invalidWorkspace(path: "channels[\(c)].samples", reason: "no samples")
                }
                let count = first.data.count
                guard count >= 1, count <= HistFactoryModel.maximumBins else {
                    throw StatsError.invalidWorkspace(
                        path: "channels[\(c)].samples[0].data",
                        reason: "\(count) bins, expected 1...\(HistFactoryModel.maximumBins)")
                }
                bins.append(count)
            }
            let total = bins.reduce(0, +)
            guard total <= HistFactoryModel.maximumBins else {
                throw StatsError.invalidWorkspace(
                    path: "channels", reason: "\(total) bins in all, at most \(HistFactoryModel.maximumBins)")
            }
            self.bins = bins
            order = workspace.channels.indices.sorted {
                workspace.channels[$0].name.unicodeScalars.lexicographicallyPrecedes(
                    workspace.channels[$1].name.unicodeScalars)
            }
        }

        mutating func build() throws {
            staterrors = try Self.staterrors(of: workspace, order: order, bins: bins)
            for (position, c) in order.enumerated() {
                try addChannel(c, position: position)
            }
            let config = workspace.measurements[measurementIndex].config
            let prefix = "measurements[\(measurementIndex)].config"
            guard let poi = table.byName[config.poi] else {
                throw StatsError.invalidWorkspace(
                    path: "\(prefix).poi", reason: "\"\(config.poi)\" is not a parameter of the model")
            }
            guard !poi.kind.perBin else {
                throw StatsError.invalidWorkspace(
                    path: "\(prefix).poi",
                    reason: "\"\(config.poi)\" is a \(poi.type) with a parameter per bin; "
                        + "the POI must be a single parameter")
            }
            poiIndex = poi.indices[0]
            guard table.parameters.count <= HistFactoryModel.maximumParameters else {
                throw StatsError.invalidWorkspace(
                    path: "channels",
                    reason: "\(table.parameters.count) parameters, at most \(HistFactoryModel.maximumParameters)")
            }
            try table.apply(config.parameters, at: "\(prefix).parameters")
        }

        /// Adds channel `c` (workspace index) as the `position`-th in name order.
        mutating func addChannel(_ c: Int, position: Int) throws {
            let channel = workspace.channels[c]
            let count = bins[c]
            guard let k = workspace.observations.firstIndex(where: { $0.name == channel.name }) else {
                throw StatsError.invalidWorkspace(
                    path: "observations", reason: "no observation for channel \"\(channel.name)\"")
            }
            try HistFactoryModel.checkYields(
                workspace.observations[k].data, count: count, path: "observations[\(k)].data")
            var sampleNames = Set<String>()
            var terms: [(factors: [[Layout.Factor]], shifts: [[Layout.Shift]])] = []
            for (s, sample) in channel.samples.enumerated() {
                let path = "channels[\(c)].samples[\(s)]"
                guard sampleNames.insert(sample.name).inserted else {
                    throw StatsError.invalidWorkspace(
                        path: "\(path).name", reason: "sample \"\(sample.name)\" appears twice in the channel")
                }
                try HistFactoryModel.checkYields(sample.data, count: count, path: "\(path).data")
                terms.append(try sampleTerms(sample, at: path, channel: c, position: position))
            }
            for bin in 0..<count {
                layout.appendBin(
                    channel.samples.indices.map { s in
                        (channel.samples[s].data[bin], terms[s].factors[bin], terms[s].shifts[bin])
                    })
            }
            channels.append(
                Channel(name: channel.name, bins: binCount..<(binCount + count), samples: channel.samples.map(\.name)))
            binCount += count
            observedMain.append(contentsOf: workspace.observations[k].data)
        }
    }
}
