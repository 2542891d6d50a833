import ArgumentParser
import Foundation
import ParamRunPipeline
import ParamRunSpec

/// Where results go; shared by the commands that read or write the store.
struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("outputs"), help: "The outputs folder; the store is its .store subfolder.")
    var path: String = "outputs"

    var url: URL { URL(fileURLWithPath: path).standardizedFileURL }
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
