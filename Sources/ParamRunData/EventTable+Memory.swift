extension EventTable {
    /// The bytes a table of `count` events of `features` features costs a stage: each event has
    /// its features, its label and its θ, 4 bytes each, counted twice (a stage holds one table
    /// while building the next). The one estimate of a table's memory, for validation and the
    /// generators alike.
    package static func estimatedBytes(events count: Double, features: Int) -> Double {
        count * Double(features + 2) * 4 * 2
    }
}
