/// `seed:` is the root of every stage's seed; 0 when absent.
enum SeedSection: SpecSection {
    static let key = "seed"

    static func read(_ context: SectionContext) -> UInt64? {
        context.node.map { context.reader.int($0, "seed", min: 0).map(UInt64.init) } ?? 0
    }
}

extension Spec {
    /// The root of every stage's seed.
    public var seed: UInt64 { self[SeedSection.self] ?? 0 }
}
