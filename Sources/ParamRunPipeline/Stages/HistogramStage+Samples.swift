import Foundation
import ParamRunData
import ParamRunNN
import ParamRunReport
import ParamRunStats
import ParamRunSupport

/// Reading an evaluation into weighted signal and background scores, and filling scores into the
/// nominal histogram's bins: what the nominal, shifted and observed histograms share.
extension HistogramStage {
    /// One sample's scores with their weights.
    struct Scored {
        var scores: [Double] = []
        var weights: [Double] = []
    }

    /// An evaluation's signal and background, each sample's weights scaled to its expected yield.
    ///
    /// Shifted evaluations are scaled to the nominal yields too: a generator's shifted sample is
    /// the nominal one with its jets rescaled and no selection, so a shift moves events between
    /// bins and the `histosys` carries the shape alone.
    static func samples(
        in folder: URL, _ c: Configuration, _ subject: String, _ context: StageContext
    ) throws -> (signal: Scored, background: Scored) {
        let scores = try NPYFile.read(folder.appendingPathComponent(EvaluationFiles.scores)).values
        let labels = try NPYFile.read(folder.appendingPathComponent(EvaluationFiles.labels)).values
        let weightsURL = folder.appendingPathComponent(EvaluationFiles.weights)
        let weights =
            FileManager.default.fileExists(atPath: weightsURL.path) ? try NPYFile.read(weightsURL).values : nil
        guard labels.count == scores.count, weights.map({ $0.count == scores.count }) ?? true else {
            throw context.failure(
                "the evaluation's scores, labels and weights differ in length "
                    + "(\(scores.count), \(labels.count), \(weights?.count ?? scores.count))"
            )
        }
        var signal = Scored(), background = Scored()
        for i in scores.indices {
            let w = Double(weights?[i] ?? 1)
            if labels[i] > 0.5 {
                signal.scores.append(Double(scores[i]))
                signal.weights.append(w)
            } else {
                background.scores.append(Double(scores[i]))
                background.weights.append(w)
            }
        }
        signal.weights = try scaled(signal.weights, to: c.signalYield, "signal", subject, context)
        background.weights = try scaled(background.weights, to: c.backgroundYield, "background", subject, context)
        return (signal, background)
    }

    /// Σw per bin of `edges` (the nominal histogram's, after its merges): bin i is
    /// [edges[i], edges[i+1]), the last bin also holds a score of exactly 1.
    static func binned(_ sample: Scored, _ edges: [Double]) -> [Double] {
        let bins = edges.count - 1
        var sums = [Double](repeating: 0, count: max(0, bins))
        guard bins > 0 else { return sums }
        for (score, weight) in zip(sample.scores, sample.weights) {
            // The first edge above the score closes its bin; scores outside [0, 1] cannot occur
            // (the network ends in a sigmoid) and would land in the end bins.
            var lo = 1, hi = bins
            while lo < hi {
                let mid = (lo + hi) / 2
                if edges[mid] > score { hi = mid } else { lo = mid + 1 }
            }
            sums[lo - 1] += weight
        }
        return sums
    }

    /// The pseudo-data scored by this stage's network at the point's mass and binned as the
    /// nominal histogram: every event counts once. Inputs: the network, then the pseudo-data.
    static func observation(_ c: Configuration, histogram: Histogram, _ context: StageContext) throws -> [Double] {
        let count = context.stage.inputs.count
        let network = try ModelFile.read(
            from: try context.inputFolder(count - 2).appendingPathComponent(TrainStage.modelFile))
        let events = try EventTable.readArtifacts(from: try context.inputFolder(count - 1)).withTheta(Float(c.mass))
        let (scores, _, _) = try NetworkInputs.score(network, events)
        let sample = Scored(scores: scores.map(Double.init), weights: [Double](repeating: 1, count: scores.count))
        return binned(sample, histogram.edges)
    }
}
