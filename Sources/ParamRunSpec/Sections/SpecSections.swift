/// The registry of top-level spec sections: the one list a new section is added to.
///
/// The order is the order the "unknown key" and "missing key" messages list them in; each
/// section is read after the sections it ``SpecSection/reads``, and otherwise in this order.
enum SpecSections {
    static var all: [any SpecSection.Type] {
        [
            NameSection.self,
            SeedSection.self,
            ParametersSection.self,
            DatasetsSection.self,
            FeaturesSection.self,
            ScaleSection.self,
            NetworkSection.self,
            ModelsSection.self,
            EvaluateSection.self,
            ClusterSection.self,
            LimitsSection.self,
            ExportSection.self,
            StatisticsSection.self,
            SmoothnessSection.self
        ]
    }

    /// Every top-level key a spec may use, in registry order.
    static var keys: [String] { all.map { $0.key } }
    /// The keys a spec must have, in registry order.
    static var requiredKeys: [String] { all.filter { $0.isRequired }.map { $0.key } }

    /// The registry in reading order: each section after the sections it reads, else in list order.
    static var readingOrder: [any SpecSection.Type] {
        var order: [any SpecSection.Type] = []
        var placed: Set<String> = []
        func place(_ section: any SpecSection.Type) {
            guard placed.insert(section.key).inserted else { return }
            section.reads.forEach(place)
            order.append(section)
        }
        all.forEach(place)
        return order
    }
}
