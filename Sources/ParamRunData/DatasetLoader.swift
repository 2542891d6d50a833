import Foundation
import ParamRunSupport

/// Turns a ``DatasetRequest`` into an ``EventTable``: the entry point of the `load` stage.
public enum DatasetLoader {
    /// Loads, filters, assigns background θ, splits and selects, as the request says.
    public static func load(_ request: DatasetRequest) throws -> EventTable {
        let source = try request.source.open()
        var (signal, background) = try source.events(for: request)
        background = try assignBackgroundTheta(background, signal: signal, storesTheta: source.storesBackgroundTheta,
                                               request: request)
        var table = signal
        table.append(background)
        table = try Split.part(request.part, of: table, validationFraction: request.validationFraction,
                               testFraction: request.testFraction, seed: request.seed)
        return try table.selecting(request.features)
    }

    /// Gives background events their θ as the request says; `storesTheta` is whether the source
    /// stored one that `.asStored` keeps.
    static func assignBackgroundTheta(_ background: EventTable, signal: EventTable, storesTheta: Bool,
                                      request: DatasetRequest) throws -> EventTable {
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
