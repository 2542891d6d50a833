import Foundation

/// Turns a parsed workspace into ``HistFactoryWorkspace``, checking it against pyhf's workspace
/// schema 1.0.0 (`defs.json`): required keys, types, `version`, no keys the schema does not
/// allow, each modifier's `data` in the shape its `type` takes. Every error names the file and
/// the JSON path: `BkgOnly.json: channels[2].samples[0].modifiers[3].data.hi_data: expected an
/// array of numbers, found a string`.
struct WorkspaceJSONDecoder {
    let reader: JSONSchemaReader

    /// The modifier types of schema 1.0.0.
    static let modifierTypes = ["histosys", "lumi", "normfactor", "normsys", "shapefactor", "shapesys", "staterror"]

    init(file: String) { reader = JSONSchemaReader(file: file) }

    func workspace(_ json: JSONValue) throws(StatsError) -> HistFactoryWorkspace {
        let root = try reader.object(json, at: "")
        try reader.checkKeys(root, at: "", allowed: ["channels", "measurements", "observations", "version"])
        let version = try reader.string(reader.required(root, "version", at: ""), at: "version")
        guard version == "1.0.0" else {
            throw reader.failure(at: "version", "version \"\(version)\" is not supported (pyhf's schema 1.0.0 is)")
        }
        var channels: [HistFactoryWorkspace.Channel] = []
        for (i, item) in try reader.array(reader.required(root, "channels", at: ""), at: "channels", minCount: 1)
            .enumerated()
        {
            channels.append(try channel(item, at: "channels[\(i)]"))
        }
        var measurements: [HistFactoryWorkspace.Measurement] = []
        let measurementItems = try reader.array(
            reader.required(root, "measurements", at: ""), at: "measurements", minCount: 1)
        for (i, item) in measurementItems.enumerated() {
            measurements.append(try measurement(item, at: "measurements[\(i)]"))
        }
        var observations: [HistFactoryWorkspace.Observation] = []
        let observationItems = try reader.array(
            reader.required(root, "observations", at: ""), at: "observations", minCount: 1)
        for (i, item) in observationItems.enumerated() {
            let path = "observations[\(i)]"
            let object = try reader.object(item, at: path)
            try reader.checkKeys(object, at: path, allowed: ["name", "data"])
            observations.append(
                HistFactoryWorkspace.Observation(
                    name: try reader.string(reader.required(object, "name", at: path), at: path + ".name"),
                    data: try reader.numbers(reader.required(object, "data", at: path), at: path + ".data")))
        }
        let workspace = HistFactoryWorkspace(
            channels: channels, measurements: measurements, observations: observations, version: version)
        try WorkspaceConsistency(reader: reader).check(workspace)
        return workspace
    }

    func channel(_ json: JSONValue, at path: String) throws(StatsError) -> HistFactoryWorkspace.Channel {
        let object = try reader.object(json, at: path)
        try reader.checkKeys(object, at: path, allowed: ["name", "samples"])
        let name = try reader.string(reader.required(object, "name", at: path), at: path + ".name")
        var samples: [HistFactoryWorkspace.Sample] = []
        let items = try reader.array(reader.required(object, "samples", at: path), at: path + ".samples", minCount: 1)
        for (i, item) in items.enumerated() {
            samples.append(try sample(item, at: path + ".samples[\(i)]"))
        }
        return HistFactoryWorkspace.Channel(name: name, samples: samples)
    }

    func sample(_ json: JSONValue, at path: String) throws(StatsError) -> HistFactoryWorkspace.Sample {
        let object = try reader.object(json, at: path)
        try reader.checkKeys(object, at: path, allowed: ["name", "data", "modifiers"])
        let name = try reader.string(reader.required(object, "name", at: path), at: path + ".name")
        let data = try reader.numbers(reader.required(object, "data", at: path), at: path + ".data")
        var modifiers: [HistFactoryWorkspace.Modifier] = []
        let items = try reader.array(reader.required(object, "modifiers", at: path), at: path + ".modifiers")
        modifiers.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            modifiers.append(try modifier(item, at: path + ".modifiers[\(i)]"))
        }
        return HistFactoryWorkspace.Sample(name: name, data: data, modifiers: modifiers)
    }

    func modifier(_ json: JSONValue, at path: String) throws(StatsError) -> HistFactoryWorkspace.Modifier {
        let object = try reader.object(json, at: path)
        try reader.checkKeys(object, at: path, allowed: ["name", "type", "data"])
        let name = try reader.string(reader.required(object, "name", at: path), at: path + ".name")
        let type = try reader.string(reader.required(object, "type", at: path), at: path + ".type")
        let json = try reader.required(object, "data", at: path)
        let dataPath = path + ".data"
        let data: HistFactoryWorkspace.ModifierData
        switch type {
        case "normfactor", "shapefactor", "lumi":
            try reader.null(json, at: dataPath)
            if type == "lumi", name != "lumi" {
                throw reader.failure(at: path + ".name", "a lumi modifier must be named \"lumi\", not \"\(name)\"")
            }
            data = .none
        case "normsys":
            let hiLo = try reader.object(json, at: dataPath)
            data = .hiLo(
                hi: try reader.number(reader.required(hiLo, "hi", at: dataPath), at: dataPath + ".hi"),
                lo: try reader.number(reader.required(hiLo, "lo", at: dataPath), at: dataPath + ".lo"))
        case "histosys":
            let hiLo = try reader.object(json, at: dataPath)
            data = .hiLoData(
                hi: try reader.numbers(reader.required(hiLo, "hi_data", at: dataPath), at: dataPath + ".hi_data"),
                lo: try reader.numbers(reader.required(hiLo, "lo_data", at: dataPath), at: dataPath + ".lo_data"))
        case "shapesys", "staterror":
            data = .values(try reader.numbers(json, at: dataPath))
        default:
            throw reader.failure(
                at: path + ".type",
                "unknown modifier type \"\(type)\" (\(Self.modifierTypes.joined(separator: ", ")))")
        }
        return HistFactoryWorkspace.Modifier(name: name, type: type, data: data)
    }

    func measurement(_ json: JSONValue, at path: String) throws(StatsError) -> HistFactoryWorkspace.Measurement {
        let object = try reader.object(json, at: path)
        try reader.checkKeys(object, at: path, allowed: ["name", "config"])
        let name = try reader.string(reader.required(object, "name", at: path), at: path + ".name")
        let configPath = path + ".config"
        let config = try reader.object(reader.required(object, "config", at: path), at: configPath)
        try reader.checkKeys(config, at: configPath, allowed: ["poi", "parameters"])
        let poi = try reader.string(reader.required(config, "poi", at: configPath), at: configPath + ".poi")
        var parameters: [HistFactoryWorkspace.ParameterConfig] = []
        let items = try reader.array(
            reader.required(config, "parameters", at: configPath), at: configPath + ".parameters")
        for (i, item) in items.enumerated() {
            parameters.append(try parameter(item, at: configPath + ".parameters[\(i)]"))
        }
        return HistFactoryWorkspace.Measurement(name: name, config: .init(poi: poi, parameters: parameters))
    }

    func parameter(_ json: JSONValue, at path: String) throws(StatsError) -> HistFactoryWorkspace.ParameterConfig {
        let object = try reader.object(json, at: path)
        try reader.checkKeys(
            object, at: path, allowed: ["name", "inits", "bounds", "auxdata", "factors", "sigmas", "fixed"])
        var config = HistFactoryWorkspace.ParameterConfig(
            name: try reader.string(reader.required(object, "name", at: path), at: path + ".name"))
        if object["factors"] != nil {
            // The schema allows it, but no struct field carries it: refusing beats dropping it.
            throw reader.failure(at: path + ".factors", "\"factors\" is not supported")
        }
        if let inits = object["inits"] { config.inits = try reader.numbers(inits, at: path + ".inits") }
        if let auxdata = object["auxdata"] { config.auxdata = try reader.numbers(auxdata, at: path + ".auxdata") }
        if let sigmas = object["sigmas"] { config.sigmas = try reader.numbers(sigmas, at: path + ".sigmas") }
        if let fixed = object["fixed"] { config.fixed = try reader.bool(fixed, at: path + ".fixed") }
        if let bounds = object["bounds"] {
            var pairs: [[Double]] = []
            for (i, item) in try reader.array(bounds, at: path + ".bounds", minCount: 1).enumerated() {
                let pairPath = path + ".bounds[\(i)]"
                let pair = try reader.numbers(item, at: pairPath)
                guard pair.count == 2 else {
                    throw reader.failure(at: pairPath, "expected [low, high], found \(pair.count) numbers")
                }
                guard pair[0] <= pair[1] else {
                    throw reader.failure(at: pairPath, "the low bound \(pair[0]) is above the high bound \(pair[1])")
                }
                pairs.append(pair)
            }
            config.bounds = pairs
        }
        return config
    }
}
