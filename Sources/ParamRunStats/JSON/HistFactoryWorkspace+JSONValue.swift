import Foundation

extension HistFactoryWorkspace {
    /// The workspace as a JSON document, keys in sorted order as ``jsonData()`` writes them;
    /// what a patch is applied to when the workspace was built in memory.
    public var jsonValue: JSONValue {
        let observed = observations.map { observation -> JSONValue in
            .object(JSONObject(["data": Self.numbers(observation.data), "name": .string(observation.name)]))
        }
        return .object(
            JSONObject([
                "channels": .array(channels.map(\.jsonValue)),
                "measurements": .array(measurements.map(\.jsonValue)),
                "observations": .array(observed),
                "version": .string(version)
            ]))
    }

    static func numbers(_ values: [Double]) -> JSONValue { .array(values.map { .number($0) }) }
}

extension HistFactoryWorkspace.Channel {
    /// The channel as pyhf's JSON.
    public var jsonValue: JSONValue {
        .object(JSONObject(["name": .string(name), "samples": .array(samples.map(\.jsonValue))]))
    }
}

extension HistFactoryWorkspace.Sample {
    /// The sample as pyhf's JSON.
    public var jsonValue: JSONValue {
        .object(
            JSONObject([
                "data": HistFactoryWorkspace.numbers(data), "modifiers": .array(modifiers.map(\.jsonValue)),
                "name": .string(name)
            ]))
    }
}

extension HistFactoryWorkspace.Modifier {
    /// The modifier as pyhf's JSON, with `"data": null` where it has none.
    public var jsonValue: JSONValue {
        let value: JSONValue
        switch data {
        case .none: value = .null
        case let .values(values): value = HistFactoryWorkspace.numbers(values)
        case let .hiLo(hi, lo): value = .object(JSONObject(["hi": .number(hi), "lo": .number(lo)]))
        case let .hiLoData(hi, lo):
            value = .object(
                JSONObject(["hi_data": HistFactoryWorkspace.numbers(hi), "lo_data": HistFactoryWorkspace.numbers(lo)]))
        }
        return .object(JSONObject(["data": value, "name": .string(name), "type": .string(type)]))
    }
}

extension HistFactoryWorkspace.Measurement {
    /// The measurement as pyhf's JSON; a parameter's unset fields are left out.
    public var jsonValue: JSONValue {
        var parameters: [JSONValue] = []
        for parameter in config.parameters {
            var object = JSONObject()
            if let auxdata = parameter.auxdata { object["auxdata"] = HistFactoryWorkspace.numbers(auxdata) }
            if let bounds = parameter.bounds { object["bounds"] = .array(bounds.map(HistFactoryWorkspace.numbers)) }
            if let fixed = parameter.fixed { object["fixed"] = .bool(fixed) }
            if let inits = parameter.inits { object["inits"] = HistFactoryWorkspace.numbers(inits) }
            object["name"] = .string(parameter.name)
            if let sigmas = parameter.sigmas { object["sigmas"] = HistFactoryWorkspace.numbers(sigmas) }
            parameters.append(.object(object))
        }
        let configValue = JSONObject(["parameters": .array(parameters), "poi": .string(config.poi)])
        return .object(JSONObject(["config": .object(configValue), "name": .string(name)]))
    }
}
