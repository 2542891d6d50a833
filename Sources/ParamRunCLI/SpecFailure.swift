import ArgumentParser
import Foundation
import ParamRunSpec

/// Prints spec problems compiler-style on standard error and exits 2, as `validate` promises.
func reportSpecError(_ error: SpecError) -> ExitCode {
    FileHandle.standardError.write(Data((error.description + "\n").utf8))
    let count = error.diagnostics.count
    FileHandle.standardError.write(
        Data("\(count) error\(count == 1 ? "" : "s") in \(error.diagnostics.first?.location.file ?? "spec")\n".utf8))
    return ExitCode(2)
}

/// Loads a spec, turning its problems into exit code 2.
func loadSpec(_ path: String) throws -> Spec {
    do {
        return try SpecLoader.load(path: path)
    } catch let error as SpecError {
        throw reportSpecError(error)
    }
}
