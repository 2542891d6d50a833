import Foundation
@testable import ParamRunNN
@testable import ParamRunSupport
import ParamRunTestSupport
import Testing

/// Shared helpers for the training-engine tests.
enum NNTestSupport {
    /// Area under the ROC curve by ranks (Mann–Whitney U), ties counted as one half.
    static func auc(scores: [Float], labels: [Float]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        let positives = labels.filter { $0 == 1 }.count
        let negatives = labels.count - positives
        let rankSum = zip(ranks, labels).filter { $0.1 == 1 }.reduce(0) { $0 + $1.0 }
        return (rankSum - Double(positives * (positives + 1)) / 2) / Double(positives * negatives)
    }

    static func accuracy(_ predictions: [Float], _ labels: [Float]) -> Double {
        Double(zip(predictions, labels).filter { ($0.0 > 0.5 ? 1 : 0) == $0.1 }.count) / Double(labels.count)
    }

    static func halfMoons(rows: Int, noise: Double, seed: UInt64) -> LabeledExamples {
        var generator = SeededGenerator(seed: seed)
        var values: [Float] = [], labels: [Float] = []
        for r in 0..<rows {
            let t = Double.pi * generator.nextUniform()
            let upper = r % 2 == 0
            let x = upper ? cos(t) : 1 - cos(t)
            let y = upper ? sin(t) : 0.5 - sin(t)
            values += [Float(x + noise * generator.nextNormal()), Float(y + noise * generator.nextNormal())]
            labels.append(upper ? 1 : 0)
        }
        return LabeledExamples(features: try! Matrix(rows: rows, columns: 2, values: values), labels: labels)
    }

    /// The paper's toy: signal x ~ N(θ, 0.25), background x ~ U(−3, 3) with θ drawn from the signal θs.
    static func toy(thetas: [Double], perClassPerTheta: Int, seed: UInt64) -> LabeledExamples {
        var generator = SeededGenerator(seed: seed)
        var values: [Float] = [], labels: [Float] = []
        for theta in thetas {
            for _ in 0..<perClassPerTheta {
                values += [Float(theta + 0.25 * generator.nextNormal()), Float(theta)]
                labels.append(1)
                let backgroundTheta = thetas[generator.nextIndex(below: thetas.count)]
                values += [Float(generator.nextUniform(in: -3, 3)), Float(backgroundTheta)]
                labels.append(0)
            }
        }
        return LabeledExamples(features: try! Matrix(rows: labels.count, columns: 2, values: values), labels: labels)
    }

    static func temporaryDirectory(_ name: String) throws -> URL {
        try TemporaryDirectory.make("nn-\(name)")
    }

    /// The `paramrun-bench` executable built beside the test bundle by `swift build --build-tests`.
    static func benchExecutable() throws -> URL {
        let bench = Binary.sibling("paramrun-bench")
        guard FileManager.default.isExecutableFile(atPath: bench.path) else {
            throw NNError.io(
                path: bench.path, reason: "paramrun-bench not built; run `swift build --build-tests` first")
        }
        return bench
    }

    /// Runs `executable` to completion and returns its exit status and standard output.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> (
        status: Int32, output: String
    ) {
        let result = try Binary.run(arguments, environment: environment, executable: executable)
        return (result.status, result.stdout)
    }
}
