/// Why an ONNX file could not be read or a network could not be written, and where.
public enum ONNXError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read from disk, or is larger than any network paramrun writes.
    case unreadableFile(file: String, reason: String)
    /// The bytes are not valid protobuf: truncated, a length past the end, a wrong wire type, bad UTF-8.
    case malformedProtobuf(file: String, offset: Int, reason: String)
    /// A node uses an operator outside the subset paramrun reads; `node` is its index in `graph.node`.
    case unsupportedOperator(file: String, node: Int, opType: String)
    /// Valid ONNX that is not the Gemm/activation chain paramrun writes, or whose tensors do not fit it.
    case unsupportedGraph(file: String, reason: String)
    /// A description handed to the exporter or evaluator is inconsistent.
    case invalidDescription(reason: String)
    /// An input row given to the evaluator has the wrong width.
    case invalidInput(row: Int, expected: Int, found: Int)

    /// One line naming the file and what was wrong with it.
    public var description: String {
        switch self {
        case let .unreadableFile(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .malformedProtobuf(file, offset, reason):
            return "\(file): not a readable ONNX file: \(reason) at byte \(offset)"
        case let .unsupportedOperator(file, node, opType):
            return
                "\(file): unsupported ONNX operator '\(opType)' in node \(node) (paramrun reads Gemm, Relu, LeakyRelu, Tanh, Sigmoid and Identity)"
        case let .unsupportedGraph(file, reason):
            return "\(file): not a network paramrun can read: \(reason)"
        case let .invalidDescription(reason):
            return "invalid network description: \(reason)"
        case let .invalidInput(row, expected, found):
            return "input row \(row) has \(found) values, the network takes \(expected)"
        }
    }
}
