import Foundation
import ParamRunData
import ParamRunSpec
import ParamRunSupport

/// `load/<dataset>`: reads or generates one dataset's events and stores them as `.npy` artifacts.
package enum LoadStage: StageDefinition {
    package static let kind = StageKind(declaring: "load")

    package struct Configuration: Codable, Sendable {
        /// The source with its path made absolute: two specs in different folders may write
        /// the same relative path for different files.
        var source: Source
        var masses: [Double]
        var signalPerMass: Int?
        var background: Int?
        var part: DataPart
        var testFraction: Double
        var seed: UInt64
        /// Shared by every dataset of a spec, so `part: train` and `part: test` partition one file.
        var splitSeed: UInt64
        /// Each file the source reads, with its size and modification time, so that a changed
        /// file is loaded again rather than served from the store.
        var files: [String: String]?
        /// The θ points when θ has conditions (a JES shift): events are made per condition
        /// setting; nil when θ is the mass alone.
        var points: [ThetaPoint]?
    }

    package static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws {
        for dataset in spec.datasets where spec.neededDatasets.contains(dataset.name) {
            let id = StageID(kind, dataset.name)
            let source = spec.source(of: dataset)
            let files = try source.open().filesToFingerprint(masses: dataset.masses)
            try plan.add(
                id, inputs: [],
                configuration: Configuration(
                    source: Source(source), masses: dataset.masses, signalPerMass: dataset.signalPerMass,
                    background: dataset.background, part: dataset.part, testFraction: dataset.testFraction,
                    seed: plan.seed(for: id), splitSeed: plan.seed(for: "split"),
                    files: files.isEmpty
                        ? nil : Dictionary(files.map { ($0, fingerprint($0)) }, uniquingKeysWith: { a, _ in a }),
                    points: spec.conditionNames.isEmpty ? nil : dataset.points))
        }
    }

    package static func run(_ c: Configuration, in context: StageContext) throws {
        // Generators draw fresh events per dataset; a file's train and test parts must share one
        // split, so file sources use the spec-wide split seed.
        let source = c.source.reference
        let seed = source.isGenerator ? c.seed : c.splitSeed
        let request = DatasetRequest(
            source: source, masses: c.masses, signalPerMass: c.signalPerMass, background: c.background,
            backgroundTheta: .sampled, part: c.part, testFraction: c.testFraction, validationFraction: 0,
            features: .all, seed: seed, cacheDirectory: context.outputs.appendingPathComponent(".cache").path)
        context.message("loading \(source)")
        // One request per condition setting, each at the masses of its points.
        let settings = ThetaPoint.conditionSettings(of: c.points ?? [])
        let requests =
            settings.isEmpty
            ? [request]
            : settings.map { setting in
                var one = request
                one.conditions = setting
                one.masses = (c.points ?? []).filter { ThetaPoint.sameConditions($0.conditions, setting) }.map(\.mass)
                return one
            }
        let table = try DatasetLoader.load(requests)
        try table.writeArtifacts(to: context.workspace)
        context.message("\(table.count) events (\(table.labels.filter { $0 == 1 }.count) signal)")
    }

    static func fingerprint(_ path: String) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
        return "\(size) bytes, modified \(modified)"
    }
}

extension StageKind {
    /// `load` stages (LoadStage).
    public static let load = LoadStage.kind
}
