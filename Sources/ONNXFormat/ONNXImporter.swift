import Foundation

/// Reads back the ONNX subset paramrun writes: one float [N, d] input, a chain of `Gemm` nodes
/// each optionally followed by Relu, LeakyRelu, Tanh or Sigmoid (Identity nodes pass through),
/// and one output; a layer may be modulated, its output h becoming `Add(Mul(h, S), B)` where S and
/// B are Gemms of the graph input (affine conditioning). Anything else is refused with an error
/// naming the file and what was found.
///
/// Gemm is accepted with any alpha and beta (folded into the weights and bias), transB 0 or 1,
/// and transA 0; its bias may be absent, [units] or [1, units], or a broadcast single value.
/// Initializers must be dense FLOAT tensors stored in the file (raw_data or float_data).
public enum ONNXImporter {
    /// Files above this size are refused before reading: a 1 GiB MLP is far beyond anything paramrun trains.
    public static let maximumFileSize = 1 << 30
    /// The oldest default-domain opset whose Gemm and activations mean what this reader assumes.
    public static let minimumOpsetVersion: Int64 = 7

    /// Reads and parses the file at `path`: a regular file, or a stream such as a pipe or
    /// `/dev/stdin`, opened once and read up to ``maximumFileSize``.
    public static func read(path: String) throws(ONNXError) -> ONNXNetworkDescription {
        try parse(bytes: try contents(ofFile: path), file: path)
    }

    /// Parses ONNX protobuf bytes; `file` only names the source in errors.
    public static func parse(bytes: [UInt8], file: String) throws(ONNXError) -> ONNXNetworkDescription {
        guard bytes.count <= maximumFileSize else {
            throw .unreadableFile(
                file: file, reason: "\(bytes.count) bytes is larger than the \(maximumFileSize)-byte limit")
        }
        let model: ModelProto
        do {
            model = try ModelProto(serialized: bytes)
        } catch {
            throw .malformedProtobuf(file: file, offset: error.offset, reason: error.reason)
        }
        return try GraphReader(file: file).description(of: model)
    }
}
