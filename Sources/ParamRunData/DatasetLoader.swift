import Foundation
import ParamRunSupport

/// Turns a ``DatasetRequest`` into an ``EventTable``: the entry point of the `load` stage.
public enum DatasetLoader {
    /// Loads, filters, assigns background θ, splits and selects, as the request says. An error
    /// that names no file is given the source's files (or its name, for a generator).
    public static func load(_ request: DatasetRequest) throws -> EventTable {
        let source = try request.source.open()
        do {
            return try load(request, from: source)
        } catch var error as DataError where error.path == nil {
            error.path = origin(of: source, request)
            throw error
        }
    }

    /// Where a source's events come from, as an error names it: its files, or its name.
    static func origin(of source: any EventSource, _ request: DatasetRequest) -> String {
        let files = source.filesToFingerprint(masses: request.masses)
        if !files.isEmpty { return files.joined(separator: ", ") }
        return request.source.path
            ?? "the \(request.source.name) \(request.source.isGenerator ? "generator" : "source")"
    }

    /// Refuses a sample whose weights are all 0: it would train to a loss of 0 and judge nothing.
    static func checkWeights(_ table: EventTable, _ sample: String) throws {
        guard let weights = table.weights, !weights.isEmpty, !weights.contains(where: { $0 != 0 }) else { return }
        throw DataError(
            .invalidRequest(
                "every one of the \(weights.count) \(sample) events has weight 0, so there is nothing to train on "
                    + "or judge; check the weight branch"))
    }

    static func load(_ request: DatasetRequest, from source: any EventSource) throws -> EventTable {
        let known = type(of: source).conditions.map(\.name)
        if let unknown = request.conditions.keys.sorted().first(where: { !known.contains($0) }) {
            throw DataError(
                .invalidRequest(
                    "source '\(request.source)' cannot make events under condition '\(unknown)'"
                        + (known.isEmpty ? "; it knows none" : "; it knows \(known.joined(separator: ", "))")))
        }
        var (signal, background) = try source.events(for: request)
        try checkWeights(signal, "signal")
        try checkWeights(background, "background")
        background = try assignBackgroundTheta(
            background, signal: signal, storesTheta: source.storesBackgroundTheta,
            request: request)
        var table = signal
        table.append(background)
        // Each condition becomes a column, in the order the source declares them.
        for name in known {
            if let value = request.conditions[name] { table = table.appendingCondition(name, value: value) }
        }
        table = try Split.part(
            request.part, of: table, validationFraction: request.validationFraction,
            testFraction: request.testFraction, seed: request.seed)
        return try table.selecting(request.features)
    }

    /// Loads one request per condition setting (the same source, masses grouped by setting) and
    /// stacks them, in the order given: a dataset over several JES values is one table.
    public static func load(_ requests: [DatasetRequest]) throws -> EventTable {
        guard var table = try requests.first.map(load) else {
            throw DataError(.invalidRequest("a dataset needs at least one group of points"))
        }
        for request in requests.dropFirst() { table.append(try load(request)) }
        return table
    }

    /// Gives background events their θ as the request says; `storesTheta` is whether the source
    /// stored one that `.asStored` keeps.
    static func assignBackgroundTheta(
        _ background: EventTable, signal: EventTable, storesTheta: Bool,
        request: DatasetRequest
    ) throws -> EventTable {
        var out = background
        switch request.backgroundTheta {
        case .fixed(let value):
            return out.withTheta(Float(value))
        case .asStored where storesTheta:
            return out
        case .sampled, .asStored:
            guard signal.count > 0 else {
                throw DataError(.invalidRequest("cannot sample background θ without signal events"))
            }
            var rng = SeededGenerator(seed: request.seed, stream: "background-theta")
            for i in 0..<out.count { out.theta[i] = signal.theta[rng.nextIndex(below: signal.count)] }
            return out
        }
    }
}
