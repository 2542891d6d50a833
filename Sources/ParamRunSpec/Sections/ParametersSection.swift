/// `parameters:` declares θ's components, `mass` first, then any conditions (`jes`);
/// ``ParameterSpec/massOnly`` when absent. Read by ``ParameterReader``.
enum ParametersSection: SpecSection {
    static let key = "parameters"

    static func read(_ context: SectionContext) -> [ParameterSpec]? {
        var parameters = ParameterReader(reader: context.reader)
        if let node = context.node { parameters.readBlock(node) }
        return parameters.parameters
    }
}

extension Spec {
    /// The components of θ: `mass` first, then any conditions (`jes`); ``ParameterSpec/massOnly``
    /// for a spec without a `parameters:` block.
    public var parameters: [ParameterSpec] { self[ParametersSection.self] ?? ParameterSpec.massOnly }
}
