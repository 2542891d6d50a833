import ArgumentParser
import Foundation
import ParamRunStats

extension NormsysInterpolation: ExpressibleByArgument {}
extension HistosysInterpolation: ExpressibleByArgument {}

/// What `cls`, `limit`, `fit` and `significance` read: a pyhf workspace, the patches that make
/// it one model or several, the measurement, the interpolation codes, and the output form.
struct WorkspaceOptions: ParsableArguments {
    @Argument(help: "A pyhf JSON workspace (schema 1.0.0), e.g. a published background-only BkgOnly.json.")
    var workspace: String

    @Option(
        name: .customLong("patch"),
        help: ArgumentHelp(
            "A JSON Patch (RFC 6902) file, or a pyhf patchset (every patch in it, or FILE:NAME for one); repeatable.",
            discussion: "Each patch is one model, evaluated in parallel; results come in the order given.",
            valueName: "PATCH"))
    var patches: [String] = []

    @Option(help: "The measurement to use (default: the workspace's first).")
    var measurement: String?

    @Option(help: "normsys interpolation: code4 (pyhf's default) or code1.")
    var normsysInterpolation: NormsysInterpolation = .code4

    @Option(help: "histosys interpolation: code4p (pyhf's default) or code0.")
    var histosysInterpolation: HistosysInterpolation = .code4p

    @Option(help: "Patches evaluated at once (default: every core).")
    var threads: Int?

    @Flag(help: "One JSON object per line (one line per patch) instead of a readable summary.")
    var json = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, found \(threads)") }
    }

    /// The interpolation codes the options name, as the engine takes them.
    var interpolation: HistFactoryModel.Interpolation {
        HistFactoryModel.Interpolation(normsys: normsysInterpolation, histosys: histosysInterpolation)
    }

    var workspaceURL: URL { URL(fileURLWithPath: workspace) }
}

/// One model to evaluate: the base workspace with one patch applied (or none).
struct LikelihoodJob: Sendable {
    /// The patch's name (its file's stem, or its name in a patchset); nil without patches.
    var name: String?
    /// The patch, nil without patches.
    var patch: JSONPatch?
}

extension WorkspaceOptions {
    /// The jobs `--patch` asks for, in order: every patch of each file, or the one `FILE:NAME` names.
    /// - Throws: ``StatsError`` when a patch file cannot be read, is not JSON Patch or patchset, or
    ///   holds no patch of that name.
    func jobs() throws(StatsError) -> [LikelihoodJob] {
        if patches.isEmpty { return [LikelihoodJob(name: nil, patch: nil)] }
        var jobs: [LikelihoodJob] = []
        for argument in patches {
            if let (file, name) = Self.namedPatch(argument) {
                let patch = try Patchset.load(from: URL(fileURLWithPath: file)).patch(named: name)
                jobs.append(LikelihoodJob(name: patch.name, patch: patch.patch))
            } else {
                for patch in try Patchset.patches(in: URL(fileURLWithPath: argument)) {
                    jobs.append(LikelihoodJob(name: patch.name, patch: patch.patch))
                }
            }
        }
        return jobs
    }

    /// `FILE:NAME` split at its last colon, when the whole argument is not itself a file and FILE is.
    static func namedPatch(_ argument: String) -> (file: String, name: String)? {
        guard !FileManager.default.fileExists(atPath: argument),
            let colon = argument.lastIndex(of: ":")
        else { return nil }
        let file = String(argument[..<colon]), name = String(argument[argument.index(after: colon)...])
        guard !name.isEmpty, FileManager.default.fileExists(atPath: file) else { return nil }
        return (file, name)
    }
}
