import ParamRunSupport

extension Network {
    /// Where a trained network came from, kept in its `metadata` under keys that `.prmodel` files
    /// have always used, so files written before these accessors read the same. Every reader and
    /// writer of these keys goes through here: no stage parses them.
    package enum ProvenanceKey {
        static let type = "type"
        static let trainMasses = "train_masses"
        static let heldOut = "held_out"
    }

    /// The model's kind as its spec named it (`parameterized`, `fixed`, `mixture`); nil when unknown.
    package var modelType: String? {
        get { metadata[ProvenanceKey.type] }
        set { metadata[ProvenanceKey.type] = newValue }
    }

    /// The masses the network trained at.
    package var trainMasses: [Double] {
        get { Self.masses(metadata[ProvenanceKey.trainMasses]) }
        set { metadata[ProvenanceKey.trainMasses] = Self.text(newValue) }
    }

    /// The masses held out of its training.
    package var heldOutMasses: [Double] {
        get { Self.masses(metadata[ProvenanceKey.heldOut]) }
        set { metadata[ProvenanceKey.heldOut] = Self.text(newValue) }
    }

    /// Sets ``conditionNames``: the input columns that hold θ conditions; none leaves the key out.
    package mutating func setConditionNames(_ names: [String]) {
        if names.isEmpty { return }
        metadata[Self.conditionsMetadataKey] = names.joined(separator: ",")
    }

    private static func masses(_ text: String?) -> [Double] {
        (text ?? "").split(separator: ",").compactMap { Double($0) }
    }

    private static func text(_ masses: [Double]) -> String {
        masses.map(formatNumber).joined(separator: ",")
    }
}
