/// The tool's identity: the one place its version is defined.
public enum ParamRun {
    /// The release: shown by `--version` and `doctor`, written into every stage's metadata, model
    /// file and ONNX export.
    public static let version = "0.4.0"

    /// The release named in every stage's cache key. It follows ``version`` only when a release
    /// changes what a stage computes, so a release that changes none (0.4.0 reshaped code, not
    /// arithmetic) reuses the stores of the one before; a changed result format bumps
    /// `Stage.formatVersion` instead.
    public static let keyedVersion = "0.3.0"
}
