/// Which trained networks are written in which interchange formats: the `export:` section.
///
/// Empty (no formats, no models) when a spec has no `export:` section; then nothing is exported.
public struct ExportSpec: Hashable, Sendable {
    /// A file format a trained network can be written in.
    public enum Format: String, Hashable, Sendable, Codable, CaseIterable {
        /// ONNX, IR version 7, opset 13: ONNX Runtime, TMVA SOFIE and lwtnn's converter read it.
        case onnx
    }

    /// The formats every named model is written in.
    public var formats: [Format]
    /// The names of the models to export, sweeps already expanded, in spec order.
    public var models: [String]

    package init(formats: [Format] = [], models: [String] = []) {
        self.formats = formats
        self.models = models
    }
}
