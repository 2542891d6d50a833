import Foundation
import ParamRunData
import ParamRunNN

/// How events become a network's inputs, the same way for training, evaluation and `predict`.
package enum NetworkInputs {
    /// The table's features as a network's input rows, with θ as the last column only for a
    /// parameterized network: fixed and mixture networks never see it.
    package static func matrix(_ table: EventTable, theta: Bool) throws -> Matrix {
        let (values, columns) = try table.inputMatrix(selection: .all)
        guard !theta else { return try Matrix(rows: table.count, columns: columns, values: values) }
        var stripped = [Float]()
        stripped.reserveCapacity(table.count * (columns - 1))
        for r in 0..<table.count { stripped.append(contentsOf: values[(r * columns)..<(r * columns + columns - 1)]) }
        return try Matrix(rows: table.count, columns: columns - 1, values: stripped)
    }

    /// The network's output for every event of `table`, which must carry the network's features
    /// (θ already set for a parameterized one); also the labels and the selected table.
    package static func score(_ network: Network, _ table: EventTable) throws -> (
        scores: [Float], labels: [Float], selected: EventTable
    ) {
        let featureNames = network.thetaColumn == nil ? network.featureNames : Array(network.featureNames.dropLast())
        let selected = try table.selecting(.names(featureNames))
        let inputs = try matrix(selected, theta: network.thetaColumn != nil)
        return (try network.predict(inputs), selected.labels, selected)
    }

    /// The weights a network trains with: nil for unweighted events without `balance`; the
    /// events' own weights scaled to mean 1; and with `balance`, scaled so that signal and
    /// background each hold half the total, as ``balancingWeights(_:)`` does for unit weights.
    package static func trainingWeights(labels: [Float], eventWeights: [Float]?, balance: Bool) -> [Float]? {
        guard let eventWeights else { return balance ? balancingWeights(labels) : nil }
        var signal = 0.0, background = 0.0
        for (y, w) in zip(labels, eventWeights) {
            if y == 1 { signal += Double(w) } else { background += Double(w) }
        }
        let n = Double(labels.count)
        if balance, signal > 0, background > 0 {
            let ws = n / (2 * signal), wb = n / (2 * background)
            return zip(labels, eventWeights).map { Float(Double($1) * ($0 == 1 ? ws : wb)) }
        }
        let total = signal + background
        guard total > 0 else { return eventWeights }
        return eventWeights.map { Float(Double($0) * n / total) }
    }

    /// Weights that give signal and background equal total weight, with mean weight 1.
    package static func balancingWeights(_ labels: [Float]) -> [Float] {
        let signal = labels.reduce(0) { $0 + Double($1) }
        let background = Double(labels.count) - signal
        guard signal > 0, background > 0 else { return [Float](repeating: 1, count: labels.count) }
        let ws = Float(Double(labels.count) / (2 * signal)), wb = Float(Double(labels.count) / (2 * background))
        return labels.map { $0 == 1 ? ws : wb }
    }
}
