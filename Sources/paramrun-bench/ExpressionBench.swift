import ArgumentParser
import Dispatch
import Foundation
import ParamRunData
import ParamRunSupport
import ROOTIO

/// Six NanoAOD-style expression columns over seeded in-memory jets, best of 3 wall times: the
/// evaluator alone, without reading a file (the reading is ROOTBench's).
struct ExpressionBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expressions",
        abstract: "Evaluate six expressions over seeded jets, best of 3.")

    @Option(help: "Events.")
    var events = 1_000_000

    @Option(help: "Threads (default: one per core).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "A ROOT file to read the columns from, timed with the evaluation (default: seeded jets in memory).")
    var file: String?

    @Option(help: "The tree in --file.")
    var tree = "events"

    @Option(name: .customLong("expression"), help: "An expression to time instead of the six defaults; repeatable.")
    var chosen: [String] = []

    static let expressions = [
        "sum(Jet_pt[abs(Jet_eta) < 2.4])",
        "Jet_pt[0] ?? 0",
        "count(Jet_btagCSVV2 > 0.8)",
        "max(abs(Jet_eta)) ?? 0",
        "Jet_pt[abs(Jet_eta) < 2.4 && Jet_pt > 30][1] ?? -1",
        "mean(Jet_pt * cosh(Jet_eta)) ?? 0"
    ]

    /// Up to 9 jets an event (4.5 on average), with p_T, η and a b-tag score.
    func columns() -> MemoryColumns {
        var random = SeededGenerator(seed: 24)
        var offsets = [0]
        offsets.reserveCapacity(events + 1)
        for _ in 0..<events { offsets.append(offsets[offsets.count - 1] + Int(random.next() % 10)) }
        let n = offsets[events]
        let pt = (0..<n).map { _ in 20 + 200 * random.nextUniform() * random.nextUniform() }
        let eta = (0..<n).map { _ in random.nextUniform(in: -4.7, 4.7) }
        let btag = (0..<n).map { _ in random.nextUniform() }
        let jet = ColumnKind(collection: "nJet")
        func list(_ values: [Double]) -> EventColumn { .jagged(JaggedColumn(offsets: offsets, values: values)) }
        return MemoryColumns(
            eventCount: events,
            [("Jet_pt", jet, list(pt)), ("Jet_eta", jet, list(eta)), ("Jet_btagCSVV2", jet, list(btag))])
    }

    func run() throws {
        let texts = chosen.isEmpty ? Self.expressions : chosen
        if let file { return try runOnFile(file, texts) }
        let columns = columns()
        let compiled = try texts.map { try CompiledExpression($0, columns: columns) }
        var best = [Double](repeating: .infinity, count: compiled.count)
        var bestCPU = best
        var checksum = 0.0
        for _ in 0..<3 {
            let evaluator = ExpressionEvaluator(columns: columns, threads: threads)
            checksum = 0
            for (i, expression) in compiled.enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds, cpu = clock()
                checksum += try evaluator.evaluate(expression).reduce(0, +)
                best[i] = min(best[i], Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                bestCPU[i] = min(bestCPU[i], Double(clock() - cpu) / Double(CLOCKS_PER_SEC))
            }
        }
        print(
            "\(best.reduce(0, +))\t\(events) events × \(compiled.count) expressions\tchecksum \(checksum)\t"
                + "CPU \(bestCPU.reduce(0, +)) s")
        for (i, text) in texts.enumerated() { print("  \(best[i])\t(CPU \(bestCPU[i]))\t\(text)") }
    }

    /// Opening the file, reading the branches the expressions name and evaluating them, best of 3.
    func runOnFile(_ path: String, _ texts: [String]) throws {
        var best = Double.infinity, bestCPU = Double.infinity
        var checksum = 0.0
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds, cpu = clock()
            let columns = ROOTTreeColumns(tree: try ROOTFile(path: path).tree(at: tree))
            let evaluator = ExpressionEvaluator(columns: columns, threads: threads)
            checksum = 0
            for text in texts {
                checksum += try evaluator.evaluate(CompiledExpression(text, columns: columns)).reduce(0, +)
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            bestCPU = min(bestCPU, Double(clock() - cpu) / Double(CLOCKS_PER_SEC))
        }
        print(
            "\(best)\t\(texts.count) expressions on \(path) (reading included)\tchecksum \(checksum)\tCPU \(bestCPU) s")
    }
}
