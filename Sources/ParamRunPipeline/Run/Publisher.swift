import Foundation
import ParamRunSpec

/// Copies finished results from the store to `outputs/<spec>/`, as each stage kind declares.
///
/// The one way results are published: a local run and a cluster submission that waited for
/// its jobs both call it, so they leave the same files.
package enum Publisher {
    /// Publishes every finished stage of `stages` and records what each was computed from, so
    /// the next `plan` can say why a stage reruns.
    package static func publishFinished(
        _ stages: [Stage], graph: StageGraph, spec: Spec, store: ArtifactStore, outputs: URL
    ) {
        let recordURL = PlanExplainer.recordURL(outputs: outputs, specName: spec.name)
        var records = PlanExplainer.loadRecords(recordURL)
        let specFolder = outputs.appendingPathComponent(spec.name)
        for stage in stages where store.contains(stage.key) {
            records[stage.id.description] = PlanExplainer.record(of: stage, in: graph)
            publish(stage, spec: spec, store: store, specFolder: specFolder)
        }
        try? PlanExplainer.saveRecords(records, to: recordURL)
    }

    /// Publishes `stage`'s files, replacing what an earlier run left at the same paths.
    package static func publish(_ stage: Stage, spec: Spec, store: ArtifactStore, specFolder: URL) {
        guard let definition = StageRegistry.definition(of: stage.id.kind) else { return }
        let from = store.directory(for: stage.key)
        for file in definition.publications(of: stage, spec: spec, in: from) {
            let destination = specFolder.appendingPathComponent(file.target)
            guard
                (try? makeRealFolders(
                    down: destination.deletingLastPathComponent(), from: specFolder.deletingLastPathComponent())) != nil
            else { continue }
            try? FileManager.default.removeItem(at: destination)
            try? FileManager.default.copyItem(at: from.appendingPathComponent(file.source), to: destination)
        }
    }

    /// Creates `folder` and the folders above it up to `base`, replacing any symbolic link on the
    /// way by a real folder: results are never written through a link into some other place.
    static func makeRealFolders(down folder: URL, from base: URL) throws {
        let baseComponents = base.standardizedFileURL.pathComponents
        let components = folder.standardizedFileURL.pathComponents
        guard components.starts(with: baseComponents) else {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return
        }
        var current = base.standardizedFileURL
        for name in components.dropFirst(baseComponents.count) {
            current.appendPathComponent(name)
            let type = (try? FileManager.default.attributesOfItem(atPath: current.path))?[.type] as? FileAttributeType
            switch type {
            case .typeDirectory?: continue
            case .typeSymbolicLink?:
                // Removing the link leaves whatever it pointed to untouched.
                try FileManager.default.removeItem(at: current)
                try FileManager.default.createDirectory(at: current, withIntermediateDirectories: false)
            case nil:
                try FileManager.default.createDirectory(at: current, withIntermediateDirectories: false)
            default:
                try FileManager.default.removeItem(at: current)
                try FileManager.default.createDirectory(at: current, withIntermediateDirectories: false)
            }
        }
    }
}
