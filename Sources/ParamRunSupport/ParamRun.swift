/// The tool's identity, shown by `--version` and written into every stage's metadata.
public enum ParamRun {
    public static let version = "0.3.0"
}
