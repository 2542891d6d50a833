import Foundation
import ParamRunSupport

/// One evaluation's summary, as an evaluation folder's `auc.json` holds it.
package struct EvaluationSummary: Codable, Sendable, Equatable {
    package var model: String
    package var type: String
    package var mass: Double
    package var auc: Double
    package var aucError: Double?
    package var nSignal: Int
    package var nBackground: Int
    /// Signal efficiency at background efficiency 1e-1, 1e-2, 1e-3.
    package var signalEfficiency: [String: Double]
    package var trainMasses: [Double]
    package var heldOut: [Double]
    /// The θ conditions of the point judged (`jes` → δ); nil when θ is the mass alone.
    package var conditions: [String: Double]?
    /// Whether the model trained at this very point; nil when θ is the mass alone.
    package var trainedAtPoint: Bool?

    package init(
        model: String, type: String, mass: Double, auc: Double, aucError: Double?, nSignal: Int, nBackground: Int,
        signalEfficiency: [String: Double], trainMasses: [Double], heldOut: [Double],
        conditions: [String: Double]? = nil, trainedAtPoint: Bool? = nil
    ) {
        self.model = model
        self.type = type
        self.mass = mass
        self.auc = auc
        self.aucError = aucError
        self.nSignal = nSignal
        self.nBackground = nBackground
        self.signalEfficiency = signalEfficiency
        self.trainMasses = trainMasses
        self.heldOut = heldOut
        self.conditions = conditions
        self.trainedAtPoint = trainedAtPoint
    }

    /// Whether the model was trained at the mass it is judged at.
    package var trainedAtMass: Bool { trainMasses.contains { Mass.same($0, mass) } }
}

/// The files of one evaluation folder, which the evaluate stage writes and the report reads.
package enum EvaluationFiles {
    package static let scores = "scores.npy"
    package static let labels = "labels.npy"
    /// Event weights, only when the dataset has them.
    package static let weights = "weights.npy"
    package static let roc = "roc.csv"
    package static let auc = "auc.json"
    /// For one-feature networks: the output over the feature's range at this θ (Fig. 2, bottom).
    package static let response = "response.csv"
}

/// One row per model and mass: the table behind the paper's Fig. 8.
package enum AUCTable {
    package static let fileName = "auc_vs_mass.csv"

    package static func csv(_ summaries: [EvaluationSummary]) -> String {
        var csv = "model,type,mass,auc,auc_err,n_signal,n_background,trained_at_mass\n"
        for s in summaries.sorted(by: { ($0.model, $0.mass) < ($1.model, $1.mass) }) {
            csv += "\(s.model),\(s.type),\(formatNumber(s.mass)),\(String(format: "%.6f", s.auc)),"
            let error = s.aucError.map { String(format: "%.6f", $0) } ?? ""
            csv += "\(error),\(s.nSignal),\(s.nBackground),\(s.trainedAtMass)\n"
        }
        return csv
    }
}
