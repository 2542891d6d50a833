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
    /// A tensor's shape disagrees with another that must match it: a Gemm's weight with the width
    /// of the value it takes, a bias with its weight, a modulation map with the graph input or the
    /// layer it scales; `node` is the index in `graph.node` of the node that uses `tensor`.
    case shapeMismatch(file: String, node: Int, tensor: String, reason: String)
    /// A weight, bias or attribute of node `node` is NaN or infinite, or becomes infinite once
    /// Gemm's alpha or beta is multiplied in; `index` is the element's place in `tensor`.
    case nonFiniteValue(file: String, node: Int, tensor: String, index: Int, value: Float)
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
                "\(file): unsupported ONNX operator '\(opType)' in node \(node) (paramrun reads Gemm, Relu, "
                + "LeakyRelu, Tanh, Sigmoid and Identity)"
        case let .unsupportedGraph(file, reason):
            return "\(file): not a network paramrun can read: \(reason)"
        case let .shapeMismatch(file, node, tensor, reason):
            return "\(file): node \(node), tensor '\(tensor)': \(reason)"
        case let .nonFiniteValue(file, node, tensor, index, value):
            return "\(file): node \(node), tensor '\(tensor)': element \(index) is \(value); "
                + "a network's weights, biases and attributes must be finite"
        case let .invalidDescription(reason):
            return "invalid network description: \(reason)"
        case let .invalidInput(row, expected, found):
            return "input row \(row) has \(found) values, the network takes \(expected)"
        }
    }
}
