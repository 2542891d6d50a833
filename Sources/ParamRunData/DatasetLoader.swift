import Foundation
import ParamRunSupport

/// Turns a ``DatasetRequest`` into an ``EventTable``: the entry point of the `load` stage.
public enum DatasetLoader {
    /// Loads, filters, assigns background θ, splits and selects, as the request says.
    public static func load(_ request: DatasetRequest) throws -> EventTable {
        var (signal, background) = try sourceTables(request)
        background = try assignBackgroundTheta(background, signal: signal, request: request)
        var table = signal
        table.append(background)
        table = try Split.part(request.part, of: table, validationFraction: request.validationFraction,
                               testFraction: request.testFraction, seed: request.seed)
        return try table.selecting(request.features)
    }

    /// Signal (θ = its mass) and background (θ as stored, or 0) before θ assignment and splitting.
    static func sourceTables(_ request: DatasetRequest) throws -> (signal: EventTable, background: EventTable) {
        try request.source.open().events(for: request)
    }

    static func assignBackgroundTheta(_ background: EventTable, signal: EventTable,
                                      request: DatasetRequest) throws -> EventTable {
        var out = background
        let storesTheta = try request.source.open().storesBackgroundTheta
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
