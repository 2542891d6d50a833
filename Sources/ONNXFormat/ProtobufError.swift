/// A protobuf decoding failure at a byte offset of the whole input.
///
/// Internal: the importer wraps it into `ONNXError.malformedProtobuf`, adding the file name.
struct ProtobufError: Error, Equatable {
    var offset: Int
    var reason: String
}
