extension Network {
    /// The metadata key naming the input columns that hold θ conditions (`jes`), comma-separated;
    /// absent for a network whose θ is the mass alone. Files written before θ had conditions
    /// lack it and read as mass-only networks.
    public static let conditionsMetadataKey = "theta_conditions"

    /// The names of the input columns that hold θ conditions, in input order; empty for a network
    /// that takes the mass alone (or no θ).
    public var conditionNames: [String] {
        (metadata[Self.conditionsMetadataKey] ?? "").split(separator: ",").map(String.init).filter(
            featureNames.contains)
    }

    /// Every θ input column's name: the conditions, then θ itself; empty for a network without θ.
    public var parameterNames: [String] {
        guard let thetaColumn, thetaColumn < featureNames.count else { return [] }
        return conditionNames + [featureNames[thetaColumn]]
    }
}
