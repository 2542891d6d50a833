import ParamRunData

extension LoadStage {
    /// The source as the load key holds it: the fields of ``SourceReference`` named here, with the
    /// names and nesting the key has always had, so a field added to the reference enters no key
    /// unless it is added here too.
    struct Source: Codable, Sendable {
        var name: String
        var path: String?
        var options: SourceValue?
        var baseDirectory: String?

        init(_ r: SourceReference) {
            (name, path, options, baseDirectory) = (r.name, r.path, r.options, r.baseDirectory)
        }

        /// The reference the source opens from.
        var reference: SourceReference {
            SourceReference(name: name, path: path, options: options, baseDirectory: baseDirectory)
        }
    }
}
