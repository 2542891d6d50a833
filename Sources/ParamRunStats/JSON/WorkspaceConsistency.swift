import Foundation

/// The checks of a workspace that the schema cannot express but pyhf makes when it builds a
/// model: bin counts that agree, one observation per channel, unique names. They run where the
/// file is known, so each error names it and the JSON path. Whether the POI is a modifier is left
/// to the model: a background-only workspace names a POI that only its signal patches add.
struct WorkspaceConsistency {
    let reader: JSONSchemaReader

    func check(_ workspace: HistFactoryWorkspace) throws(StatsError) {
        var binsByChannel: [String: Int] = [:]
        for (c, channel) in workspace.channels.enumerated() {
            let path = "channels[\(c)]"
            if binsByChannel[channel.name] != nil {
                throw reader.failure(at: path + ".name", "duplicate channel name \"\(channel.name)\"")
            }
            let bins = channel.samples[0].data.count
            binsByChannel[channel.name] = bins
            for (s, sample) in channel.samples.enumerated() {
                let samplePath = path + ".samples[\(s)]"
                if sample.data.count != bins {
                    throw reader.failure(
                        at: samplePath + ".data",
                        "\(sample.data.count) bins, but \(path).samples[0].data has \(bins)")
                }
                for (m, modifier) in sample.modifiers.enumerated() {
                    try checkBins(modifier.data, bins: bins, at: samplePath + ".modifiers[\(m)].data")
                }
            }
        }
        try checkObservations(
            workspace.observations, channels: workspace.channels.map(\.name), binsByChannel: binsByChannel)
        var measurementNames: Set<String> = []
        for (i, measurement) in workspace.measurements.enumerated() {
            let path = "measurements[\(i)]"
            guard measurementNames.insert(measurement.name).inserted else {
                throw reader.failure(at: path + ".name", "duplicate measurement name \"\(measurement.name)\"")
            }
        }
    }

    /// A modifier's per-bin data must have one value per bin of its sample.
    func checkBins(_ data: HistFactoryWorkspace.ModifierData, bins: Int, at path: String) throws(StatsError) {
        func check(_ values: [Double], _ where_: String) throws(StatsError) {
            if values.count != bins {
                throw reader.failure(at: where_, "\(values.count) values for a sample of \(bins) bins")
            }
        }
        switch data {
        case .none, .hiLo: return
        case let .values(values): try check(values, path)
        case let .hiLoData(hi, lo):
            try check(hi, path + ".hi_data")
            try check(lo, path + ".lo_data")
        }
    }

    /// One observation per channel, with one count per bin.
    func checkObservations(
        _ observations: [HistFactoryWorkspace.Observation], channels: [String], binsByChannel: [String: Int]
    ) throws(StatsError) {
        var observed: Set<String> = []
        for (i, observation) in observations.enumerated() {
            let path = "observations[\(i)]"
            // pyhf ignores an observation of a channel that is not there: the sbottom signal patches
            // remove a validation region but leave its observation.
            guard let bins = binsByChannel[observation.name] else { continue }
            guard observed.insert(observation.name).inserted else {
                throw reader.failure(at: path + ".name", "a second observation of channel \"\(observation.name)\"")
            }
            if observation.data.count != bins {
                throw reader.failure(
                    at: path + ".data",
                    "\(observation.data.count) counts, but channel \"\(observation.name)\" has \(bins) bins")
            }
        }
        for name in channels where !observed.contains(name) {
            throw reader.failure(at: "observations", "no observation of channel \"\(name)\"")
        }
    }
}
