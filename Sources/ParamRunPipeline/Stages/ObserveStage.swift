import Foundation
import ParamRunData
import ParamRunSpec
import ParamRunSupport

/// `observe/<spec>`: the pseudo-data of `statistics.observed`, made once and scored by every
/// histogram stage with its own network.
///
/// A generator makes round(background yield) background events and round(strength × signal
/// yield) signal events at the injected mass, all at the nominal θ conditions, from this stage's
/// own seed (so they share no event with the test data). Every event counts once: the counts
/// per bin are the observation, as a real dataset's would be.
package enum ObserveStage: StageDefinition {
    package static let kind = StageKind(declaring: "observe")

    package struct Configuration: Codable, Sendable {
        var source: LoadStage.Source
        var background: Int
        var signal: Int
        /// The injected signal's mass; with no injection, a mass the generator accepts (no
        /// signal is made there).
        var mass: Double
        /// The test data's masses: a generator may shape its background by the masses asked for
        /// (the toy's spans them), so the pseudo-data's background is asked for at the same ones.
        var backgroundMasses: [Double]
        /// The nominal θ conditions the events are made under; nil when θ is the mass alone.
        var conditions: [String: Double]?
        var seed: UInt64
    }

    package static func id(_ spec: Spec) -> StageID { StageID(kind, spec.name) }

    package static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws {
        guard let statistics = spec.statistics, let observed = statistics.observed,
            let counts = statistics.observedCounts, let first = statistics.points.first
        else { return }
        let id = id(spec)
        try plan.add(
            id, inputs: [],
            configuration: Configuration(
                source: LoadStage.Source(observed.source), background: counts.background, signal: counts.signal,
                mass: observed.injection?.mass ?? first.mass,
                backgroundMasses: spec.datasets.first { $0.name == first.data }?.masses ?? [first.mass],
                conditions: statistics.nominalConditions.isEmpty ? nil : statistics.nominalConditions,
                seed: plan.seed(for: id)))
    }

    package static func run(_ c: Configuration, in context: StageContext) throws {
        // Background at the test data's masses, then the injected signal alone at its mass.
        var background = DatasetRequest(
            source: c.source.reference, masses: c.backgroundMasses, signalPerMass: 0, background: c.background,
            backgroundTheta: .fixed(c.mass), part: .all, seed: c.seed,
            cacheDirectory: context.outputs.appendingPathComponent(".cache").path)
        background.conditions = c.conditions ?? [:]
        var signal = background
        signal.masses = [c.mass]
        signal.signalPerMass = c.signal
        signal.background = 0
        let table: EventTable
        do { table = try DatasetLoader.load(c.signal > 0 ? [background, signal] : [background]) } catch {
            throw context.failure("statistics.observed: cannot make the pseudo-data: \(error)")
        }
        try table.writeArtifacts(to: context.workspace)
        context.message(
            "\(table.count) pseudo-data events (\(c.signal) signal at \(formatNumber(c.mass)), "
                + "\(c.background) background)"
        )
    }

    package static func publications(of stage: Stage, spec: Spec, in folder: URL) -> [Publication] { [] }
}

extension StageKind {
    /// `observe` stages (ObserveStage).
    public static let observe = ObserveStage.kind
}
