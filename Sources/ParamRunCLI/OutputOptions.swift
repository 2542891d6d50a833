import ArgumentParser
import Foundation
import ParamRunPipeline
import ParamRunSpec

/// Where results go; shared by the commands that read or write the store.
struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("outputs"), help: "The outputs folder; the store is its .store subfolder.")
    var path: String = "outputs"

    var url: URL { URL(fileURLWithPath: path).standardizedFileURL }

    /// Refuses an outputs path that is, or lies under, something other than a folder, before
    /// any work: Foundation would report it as `Code=512 "(null)"` once the first stage is done.
    func validate() throws {
        if let problem = Self.notAFolder(url) { throw ValidationError("--outputs: \(problem)") }
    }

    /// Why `url` cannot be (or be made) a folder: the first part of it that exists and is not one.
    static func notAFolder(_ url: URL) -> String? {
        var candidate = url
        while candidate.path != "/" {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory) {
                return isDirectory.boolValue
                    ? nil : "'\(candidate.path)' is a file, not a folder; results are written into a folder"
            }
            candidate.deleteLastPathComponent()
        }
        return nil
    }
}

/// Loads and plans a spec, turning its problems into exit code 2.
func loadGraph(_ path: String) throws -> (Spec, StageGraph) {
    let spec = try loadSpec(path)
    return (spec, try Planner.plan(spec))
}

/// Resolves stage names given on the command line, exiting 2 with a suggestion for a typo.
func stageIDs(_ names: [String], in graph: StageGraph) throws -> [StageID] {
    try names.map { name in
        do {
            return try graph.stage(named: name).id
        } catch let error as GraphError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
