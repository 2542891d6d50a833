@testable import ParamRunSpec
import Testing

/// The section registry: what the loader knows of top-level keys, and the order it reads them in.
@Suite struct SpecSectionsTests {
    static let minimal = """
        name: m
        datasets:
          train: {source: toy, masses: [-1, 1], signal_per_mass: 100, background: 500}
          test: {source: toy, masses: [-1, 1], signal_per_mass: 100, background: 500}
        models:
          p: {type: parameterized, hidden: [4], epochs: 1}
        evaluate: {masses: [1], models: [p]}
        """

    /// Messages list the keys in registry order; a new section may go anywhere, but the keys that
    /// exist keep their order, so that existing messages do not change.
    @Test func registryKeysKeepTheOrderMessagesListThemIn() {
        let known = [
            "name", "seed", "parameters", "datasets", "features", "scale", "network", "models", "evaluate",
            "cluster", "limits", "export", "statistics", "smoothness"
        ]
        #expect(SpecSections.keys.filter(known.contains) == known)
        #expect(Set(SpecSections.keys).count == SpecSections.keys.count)
        #expect(SpecSections.requiredKeys == ["name", "datasets", "models", "evaluate"])
    }

    @Test func eachSectionIsReadOnceAfterTheSectionsItReads() {
        let order = SpecSections.readingOrder.map { $0.key }
        #expect(order.count == SpecSections.all.count)
        #expect(Set(order).count == order.count)
        for section in SpecSections.all {
            let at = order.firstIndex(of: section.key) ?? -1
            for dependency in section.reads {
                #expect((order.firstIndex(of: dependency.key) ?? .max) < at, "\(section.key) reads \(dependency.key)")
            }
        }
    }

    @Test func anUnknownTopLevelKeyListsTheRegistry() {
        let text = Self.minimal + "\nzzzzzzzzzzzz: 1\n"
        #expect(throws: SpecError.self) { try SpecLoader.load(text: text, file: "t.yaml") }
        do {
            _ = try SpecLoader.load(text: text, file: "t.yaml")
        } catch let error as SpecError {
            #expect(
                error.diagnostics.map(\.description) == [
                    "t.yaml:8:1: error: unknown key 'zzzzzzzzzzzz' in the spec (expected one of: "
                        + SpecSections.keys.joined(separator: ", ") + ")"
                ])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func eachSectionsValueReachesTheSpecThroughItsAccessor() throws {
        let spec = try SpecLoader.load(text: Self.minimal + "\nseed: 7\nscale: minmax\n", file: "t.yaml")
        #expect(spec.name == "m")
        #expect(spec[SeedSection.self] == 7 && spec.seed == 7)
        #expect(spec.scale == .minMax)
        #expect(spec.datasets.map(\.name) == ["train", "test"])
        #expect(spec.models.map(\.name) == ["p"])
        #expect(spec.statistics == nil && spec.smoothness == nil)
        #expect(spec.cluster == ClusterSpec() && spec.export == ExportSpec())
    }
}
