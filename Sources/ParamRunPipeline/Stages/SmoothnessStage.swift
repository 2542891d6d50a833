import Foundation
import ParamRunData
import ParamRunMetrics
import ParamRunNN
import ParamRunReport
import ParamRunSpec
import ParamRunSupport

/// `smoothness/<model>`: scans a parameterized network's output along θ for a seeded sample of
/// events, from its lowest to its highest training mass on a fine grid, and counts each event's
/// turning points. The scan is of the logit (the output layer taken as linear), so saturated
/// outputs are neither flattened nor quantised by Float; a turn counts once the logit has moved
/// back by `tolerance` times the scan's own range (and at least ``noiseFloor``), so it is the
/// shape that counts, not the scale. A network that interpolates smoothly turns at most once per
/// event (a peak near the event's own mass); one trained with θ shuffled across events (`theta:
/// shuffled`) has learnt no dependence on θ to be smooth in, and its scans wiggle.
package enum SmoothnessStage: StageDefinition {
    package static let kind = StageKind(declaring: "smoothness")

    package struct Configuration: Codable, Sendable {
        var events: Int
        var low: Double
        var high: Double
        var step: Double
        var tolerance: Double
        var flagFraction: Double
        var seed: UInt64
    }

    /// Logit changes below this never count as a turn: Float rounding, far below any effect on a ROC.
    static let noiseFloor = 1e-3

    package static let summaryFile = "smoothness.json"
    package static let eventsFile = "smoothness.csv"

    package static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws {
        guard let smoothness = spec.smoothness else { return }
        for name in smoothness.models {
            guard let model = spec.model(named: name), let low = model.trainMasses.min(),
                let high = model.trainMasses.max()
            else { continue }
            let id = StageID(kind, name)
            try plan.add(
                id, inputs: [StageID(TrainStage.kind, name), StageID(LoadStage.kind, smoothness.data)],
                configuration: Configuration(
                    events: smoothness.events, low: low, high: high, step: smoothness.step,
                    tolerance: smoothness.tolerance, flagFraction: smoothness.flagFraction,
                    seed: plan.seed(for: id)))
        }
    }

    /// The θ values scanned: `low`, `low + step`, … up to `high`, which is always the last.
    static func grid(low: Double, high: Double, step: Double) -> [Double] {
        var values: [Double] = []
        var i = 0
        while low + Double(i) * step < high - 1e-9 * max(1, abs(high)) {
            values.append(low + Double(i) * step)
            i += 1
        }
        return values + [high]
    }

    package static func run(_ c: Configuration, in context: StageContext) throws {
        let network = try ModelFile.read(from: try context.inputFolder(0).appendingPathComponent(TrainStage.modelFile))
        guard network.thetaColumn != nil else {
            throw context.failure("the network does not take θ, so there is nothing to scan")
        }
        let table = try EventTable.readArtifacts(from: try context.inputFolder(1))
        var generator = SeededGenerator(seed: c.seed)
        var order = Array(0..<table.count)
        generator.shuffle(&order)
        let sample = table.rows(Array(order.prefix(c.events)).sorted())
        let selected = try sample.selecting(.names(Array(network.featureNames.dropLast())))
        let inputs = try NetworkInputs.matrix(selected, theta: true)
        let thetas = grid(low: c.low, high: c.high, step: c.step)
        let n = selected.count, columns = inputs.columns, points = thetas.count
        context.message(
            "scanning \(n) events at \(points) values of θ from \(formatNumber(c.low)) to \(formatNumber(c.high))")
        var scan = [Float](repeating: 0, count: n * points * columns)
        for e in 0..<n {
            let row = inputs.values[(e * columns)..<((e + 1) * columns)]
            for (t, theta) in thetas.enumerated() {
                let start = (e * points + t) * columns
                scan.replaceSubrange(start..<(start + columns), with: row)
                scan[start + columns - 1] = Float(theta)
            }
        }
        var logitNetwork = network
        logitNetwork.architecture.layers[logitNetwork.architecture.layers.count - 1].activation = .linear
        let logits = try logitNetwork.predict(try Matrix(rows: n * points, columns: columns, values: scan))
        var csv = "event,label,theta,turning_points\n"
        var wiggly = 0, wigglySignal = 0, signal = 0, totalTurns = 0
        for e in 0..<n {
            let curve = (0..<points).map { Double(logits[e * points + $0]) }
            let range = (curve.max() ?? 0) - (curve.min() ?? 0)
            let turns = TurningPoints.count(curve, tolerance: max(c.tolerance * range, noiseFloor))
            let isSignal = selected.labels[e] == 1
            totalTurns += turns
            if isSignal { signal += 1 }
            if turns >= 2 {
                wiggly += 1
                if isSignal { wigglySignal += 1 }
            }
            csv += "\(e),\(Int(selected.labels[e])),\(formatNumber(Double(selected.theta[e]))),\(turns)\n"
        }
        let background = n - signal
        let summary = SmoothnessSummary(
            model: context.stage.id.name, events: n, signalEvents: signal, low: c.low, high: c.high, points: points,
            tolerance: c.tolerance, fractionWiggly: Double(wiggly) / Double(max(n, 1)),
            fractionWigglySignal: Double(wigglySignal) / Double(max(signal, 1)),
            fractionWigglyBackground: Double(wiggly - wigglySignal) / Double(max(background, 1)),
            meanTurningPoints: Double(totalTurns) / Double(max(n, 1)), flagFraction: c.flagFraction)
        try AtomicFile.write(csv, to: context.workspace.appendingPathComponent(eventsFile))
        try JSONCoding.write(summary, to: context.workspace.appendingPathComponent(summaryFile))
        context.message(
            String(
                format: "%.1f%% of events turn twice or more in θ (mean %.2f turning points)%@",
                100 * summary.fractionWiggly, summary.meanTurningPoints, summary.flagged ? ": FLAGGED, not smooth" : "")
        )
    }

    package static func publications(of stage: Stage, spec: Spec, in folder: URL) -> [Publication] {
        [
            Publication(summaryFile, to: "smoothness/\(stage.id.name).json"),
            Publication(eventsFile, to: "smoothness/\(stage.id.name).csv")
        ]
    }
}

extension StageKind {
    /// `smoothness` stages (SmoothnessStage).
    public static let smoothness = SmoothnessStage.kind
}
