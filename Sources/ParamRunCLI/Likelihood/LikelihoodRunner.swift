import ArgumentParser
import Dispatch
import Foundation
import ParamRunStats
import ParamRunSupport

/// Runs one likelihood command on a workspace and each of its patches: reads the workspace once,
/// builds one model per patch and evaluates the patches in parallel (one patch per core), then
/// prints the results in the order the patches were given.
///
/// Bad input anywhere (the workspace, a patch, a model the patched workspace does not make) is
/// reported with its file and JSON path, exits 2 and prints no result. A computation that fails
/// (a fit that does not converge, say) is reported on standard error and exits 1; the other
/// patches' results are still printed, each with its patch's name.
enum LikelihoodRunner {
    /// The command's computation on one model.
    typealias Compute = @Sendable (HistFactoryModel) throws -> LikelihoodOutput

    /// How one job ended.
    enum Outcome: Sendable {
        case success(LikelihoodOutput)
        /// Bad input: the message names the file and the JSON path.
        case badInput(String)
        /// A computation that failed; the message says why.
        case failed(String)
    }

    static func run(_ options: WorkspaceOptions, compute: @escaping Compute) throws {
        let path = options.workspace
        let base: JSONValue
        let jobs: [LikelihoodJob]
        do {
            base = try JSONFile.parse(options.workspaceURL)
            // The base alone must be a workspace (pyhf validates it before patching too), so that
            // a fault in it is reported once, not once per patch.
            _ = try HistFactoryWorkspace(json: base, file: path)
            jobs = try options.jobs()
        } catch {
            throw fail(badInput: [message(for: error, file: path)])
        }
        let measurement = options.measurement, interpolation = options.interpolation
        let threads = min(options.threads ?? ProcessInfo.processInfo.activeProcessorCount, jobs.count)
        let outcomes = evaluate(jobs.count, threads: threads) { index in
            let job = jobs[index]
            let label = job.name.map { "\(path) patched by \($0)" } ?? path
            let model: HistFactoryModel
            do {
                let workspace = try HistFactoryWorkspace(json: base, file: path, patches: job.patch.map { [$0] } ?? [])
                model = try HistFactoryModel(
                    workspace: workspace, measurement: measurement, interpolation: interpolation)
            } catch {
                return .badInput(message(for: error, file: label))
            }
            return outcome(of: { try compute(model) }, file: label, name: job.name ?? path)
        }
        try report(outcomes, jobs: jobs, json: options.json)
    }

    /// Runs `body` for each index on `threads` workers, each taking the next index not yet taken.
    static func evaluate(_ count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Outcome) -> [Outcome] {
        let next = LockedBox(0)
        let results = LockedBox([Outcome?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: max(threads, 1)) { _ in
            while true {
                let index = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard index < count else { return }
                let outcome = body(index)
                results.withLock { $0[index] = outcome }
            }
        }
        return results.value.map { $0 ?? .failed("not evaluated") }
    }

    /// Runs the computation, refusing a result with a number that is not finite.
    static func outcome(of compute: () throws -> LikelihoodOutput, file: String, name: String) -> Outcome {
        do {
            let output = try compute()
            guard output.json.isFinite else {
                return .failed("\(name): the result is not finite (\(output.json.text)); no result is printed")
            }
            return .success(output)
        } catch let error as StatsError {
            if case .invalidWorkspace = error { return .badInput(message(for: error, file: file)) }
            return .failed("\(name): \(error)")
        } catch {
            return .failed("\(name): \(error)")
        }
    }

    /// Prints the results in order, or the bad input alone; throws the exit code.
    static func report(_ outcomes: [Outcome], jobs: [LikelihoodJob], json: Bool) throws {
        let bad = outcomes.compactMap { if case let .badInput(m) = $0 { m } else { nil } }
        if !bad.isEmpty { throw fail(badInput: bad) }
        var failures: [String] = []
        var lines: [String] = []
        for (job, outcome) in zip(jobs, outcomes) {
            switch outcome {
            case let .success(output):
                if json {
                    lines.append(
                        job.name.map { output.json.prepending("patch", .string($0)) }.map(\.text) ?? output.json.text)
                } else {
                    if let name = job.name { lines.append("\(name):") }
                    lines += output.summary.map { job.name == nil ? $0 : "  " + $0 }
                }
            case let .failed(m): failures.append(m)
            case .badInput: break
            }
        }
        if !lines.isEmpty { FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8)) }
        if !failures.isEmpty {
            FileHandle.standardError.write(Data(failures.map { "error: \($0)\n" }.joined().utf8))
            throw ExitCode(1)
        }
    }

    /// Writes bad-input messages to standard error; the exit code to throw.
    static func fail(badInput messages: [String]) -> ExitCode {
        FileHandle.standardError.write(Data(messages.map { "error: \($0)\n" }.joined().utf8))
        return ExitCode(2)
    }

    /// An error as one line that names the file: the engine's model errors carry only the JSON path.
    static func message(for error: any Error, file: String) -> String {
        if let error = error as? StatsError, case let .invalidWorkspace(path, reason) = error {
            return "\(file): \(path): \(reason)"
        }
        return "\(error)"
    }
}
