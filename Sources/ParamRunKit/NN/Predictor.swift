/// Applies a network to any number of rows, one batch at a time, with two reused activation
/// buffers: memory stays at `batchSize × widest layer` whatever the number of events.
///
/// A predictor is not thread-safe; make one per thread.
public final class Predictor {
    public let batchSize: Int
    let network: Network
    let core: Perceptron<Float>
    private let input: UnsafeMutablePointer<Float>
    private let ping: UnsafeMutablePointer<Float>
    private let pong: UnsafeMutablePointer<Float>
    private let outputs: [UnsafeMutablePointer<Float>]

    init(network: Network, batchSize: Int) {
        self.batchSize = max(1, batchSize)
        self.network = network
        core = Perceptron<Float>(architecture: network.architecture)
        _ = core.parameters.initialize(from: network.parameters)
        let widest = core.maxWidth
        input = .allocate(capacity: self.batchSize * network.architecture.inputCount)
        let ping = UnsafeMutablePointer<Float>.allocate(capacity: self.batchSize * widest)
        let pong = UnsafeMutablePointer<Float>.allocate(capacity: self.batchSize * widest)
        let count = network.architecture.layers.count
        // Alternate the buffers, ending in ping so the result is always found there.
        outputs = (0..<count).map { (count - 1 - $0) % 2 == 0 ? ping : pong }
        self.ping = ping
        self.pong = pong
    }

    deinit {
        input.deallocate()
        ping.deallocate()
        pong.deallocate()
    }

    /// Outputs for every row of `features`, `outputCount` per row.
    public func predict(_ features: Matrix) throws -> [Float] {
        let width = network.architecture.outputCount
        var result = [Float](repeating: 0, count: features.rows * width)
        try features.values.withUnsafeBufferPointer { source in
            try result.withUnsafeMutableBufferPointer { destination in
                try predict(source, rows: features.rows, columns: features.columns, into: destination)
            }
        }
        return result
    }

    /// Outputs for `rows` row-major rows at `source` into `destination` (`rows × outputCount` values).
    /// Inputs are not checked for NaN here; a NaN input gives a NaN output for that row only.
    public func predict(_ source: UnsafeBufferPointer<Float>, rows: Int, columns: Int,
                        into destination: UnsafeMutableBufferPointer<Float>) throws {
        let architecture = network.architecture
        guard columns == architecture.inputCount else {
            throw NNError.shapeMismatch(what: "prediction inputs", expected: "\(architecture.inputCount) columns", found: "\(columns)")
        }
        guard source.count >= rows * columns else {
            throw NNError.shapeMismatch(what: "prediction inputs", expected: "\(rows * columns) values", found: "\(source.count)")
        }
        let width = architecture.outputCount
        guard destination.count >= rows * width else {
            throw NNError.shapeMismatch(what: "prediction outputs", expected: "\(rows * width) values", found: "\(destination.count)")
        }
        guard rows > 0 else { return }
        var start = 0
        while start < rows {
            let n = min(batchSize, rows - start)
            let rowsIn = source.baseAddress! + start * columns
            let batchInput: UnsafePointer<Float>
            if let scaler = network.scaler {
                for r in 0..<n { scaler.apply(rowsIn + r * columns, to: input + r * columns, columns: columns) }
                batchInput = UnsafePointer(input)
            } else {
                batchInput = rowsIn
            }
            core.forward(input: batchInput, rows: n, outputs: outputs, logitOutput: false)
            (destination.baseAddress! + start * width).update(from: ping, count: n * width)
            start += n
        }
    }
}
