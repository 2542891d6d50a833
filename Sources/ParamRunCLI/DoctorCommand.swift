import ArgumentParser
import Foundation
import ParamRunNN
import ParamRunSupport

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Show the libraries, BLAS kernel and threads paramrun runs with."
    )

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        print("paramrun \(ParamRun.version)")
        print("BLAS: \(BLASRuntime.summary)")
        if let set = environment[BLASRuntime.coreTypeVariable] {
            let how =
                environment[BLASRuntime.reexecMarkerVariable] != nil ? "chosen by paramrun for this CPU" : "set by you"
            print("OPENBLAS_CORETYPE=\(set) (\(how))")
        } else {
            print("OPENBLAS_CORETYPE unset: OpenBLAS's own choice is the best this CPU supports")
        }
        print("cores: \(ProcessInfo.processInfo.activeProcessorCount)")
    }
}
