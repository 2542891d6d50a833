import Foundation
import ParamRunSpec
import ParamRunSupport

/// Copies finished results from the store to `outputs/<spec>/`, as each stage kind declares.
///
/// The one way results are published: a local run and a cluster submission that waited for
/// its jobs both call it, so they leave the same files. Every file goes through ``AtomicFile``,
/// and nothing under `outputs/<spec>` is written through a symbolic link: a link, or another
/// special file, where a folder or a result belongs is refused with an error naming it.
package enum Publisher {
    /// Publishes every finished stage of `stages` and records what each was computed from, so
    /// the next `plan` can say why a stage reruns. Throws at the first file it cannot publish.
    package static func publishFinished(
        _ stages: [Stage], graph: StageGraph, spec: Spec, store: ArtifactStore, outputs: URL
    ) throws {
        let recordURL = PlanExplainer.recordURL(outputs: outputs, specName: spec.name)
        var records = PlanExplainer.loadRecords(recordURL)
        let specFolder = outputs.appendingPathComponent(spec.name)
        for stage in stages where store.contains(stage.key) {
            records[stage.id.description] = PlanExplainer.record(of: stage, in: graph)
            try publish(stage, spec: spec, store: store, specFolder: specFolder)
        }
        do {
            try makeRealFolders(down: recordURL.deletingLastPathComponent(), from: outputs)
            try PlanExplainer.saveRecords(records, to: recordURL)
        } catch let error as RunError {
            throw error
        } catch {
            throw RunError.publishing(path: recordURL.path, message: "\(error)")
        }
    }

    /// Publishes `stage`'s files, replacing what an earlier run left at the same paths.
    package static func publish(_ stage: Stage, spec: Spec, store: ArtifactStore, specFolder: URL) throws {
        guard let definition = StageRegistry.definition(of: stage.id.kind) else { return }
        let from = store.directory(for: stage.key)
        for file in definition.publications(of: stage, spec: spec, in: from) {
            let destination = specFolder.appendingPathComponent(file.target)
            try makeRealFolders(
                down: destination.deletingLastPathComponent(), from: specFolder.deletingLastPathComponent())
            do {
                try AtomicFile.copy(from: from.appendingPathComponent(file.source), to: destination)
            } catch {
                throw RunError.publishing(path: destination.path, message: error.description)
            }
        }
    }

    /// Creates `folder` and the folders above it up to `base`, refusing a symbolic link or any
    /// other file on the way: results are never written through a link into some other place.
    package static func makeRealFolders(down folder: URL, from base: URL) throws {
        let baseComponents = base.standardizedFileURL.pathComponents
        let components = folder.standardizedFileURL.pathComponents
        guard components.starts(with: baseComponents) else {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return
        }
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        var current = base.standardizedFileURL
        for name in components.dropFirst(baseComponents.count) {
            current.appendPathComponent(name)
            var info = stat()
            if lstat(current.path, &info) != 0 {
                guard errno == ENOENT, mkdir(current.path, 0o755) == 0 || errno == EEXIST else {
                    throw RunError.publishing(path: current.path, message: AtomicFile.systemError())
                }
                guard lstat(current.path, &info) == 0 else {
                    throw RunError.publishing(path: current.path, message: AtomicFile.systemError())
                }
            }
            guard (info.st_mode & S_IFMT) != S_IFDIR else { continue }
            let kind = AtomicFile.specialKind(info.st_mode) ?? "a file"
            throw RunError.publishing(
                path: current.path,
                message: "it is \(kind) where a folder belongs; paramrun never writes through it (remove it)")
        }
    }
}
