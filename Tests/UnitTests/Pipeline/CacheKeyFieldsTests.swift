import Foundation
import ParamRunData
import ParamRunNN
@testable import ParamRunPipeline
import ParamRunSpec
import ParamRunSupport
import Testing

/// Each stage kind's cache key names its fields: these lists are the whole of every key, so a
/// field added to a spec type changes no key unless a stage's `Configuration` names it too.
struct CacheKeyFieldsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Specs that between them set every optional field a key can hold but `thetaNoise`, which
    /// ``trainKeyNamesEveryModelField()`` sets.
    static let specs = [
        "Tests/Fixtures/specs/run/toy-stats.yaml", "Tests/Fixtures/specs/run/jes-tiny.yaml",
        "Tests/Fixtures/specs/run/toy-smoothness.yaml", "specs/fig4-mwwbb.yaml",
        "Tests/Fixtures/specs/run/jes-stats.yaml"
    ]

    static let modelFields: Set<String> = [
        "activation", "backgroundTheta", "balance", "batchSize", "conditionInputs", "conditioning", "earlyStopping",
        "epochs", "heldOut", "heldOutPoints", "hidden", "initialization", "kind", "name", "optimizer", "schedule",
        "shards", "theta", "thetaNoise", "threads", "trainData", "trainMasses", "trainPoints", "validationFraction",
        "weightDecay"
    ]

    static let expected: [String: Set<String>] = [
        "load": [
            "background", "files", "masses", "part", "points", "seed", "signalPerMass", "source", "source.name",
            "source.path", "splitSeed", "testFraction"
        ],
        "scale": [
            "backgroundTheta", "conditionInputs", "features", "kind", "parameterScales", "scale", "seed",
            "trainPoints"
        ],
        "train": Set(["model", "seed"] + modelFields.map { "model.\($0)" }),
        "evaluate": ["conditions", "mass", "seed", "trainedAtPoint"],
        "smoothness": ["events", "flagFraction", "high", "low", "seed", "step", "tolerance"],
        "export": ["formats", "scale", "spec"],
        "observe": [
            "background", "backgroundMasses", "conditions", "mass", "seed", "signal", "source", "source.name"
        ],
        "histogram": [
            "backgroundUncertainty", "backgroundYield", "bins", "lumiUncertainty", "mass", "observed", "signalYield",
            "strategy", "systematics"
        ],
        "limits": ["observedTable", "table"],
        "report": [
            "conditionAware", "name", "outputs", "points", "points[].conditions", "points[].data",
            "points[].mass", "points[].model", "sweeps", "specText"
        ]
    ]

    /// A configuration's field names: its own, and those of the structs the stage names (`model`,
    /// `source`, each of a report's `points`); an engine value (an optimizer, θ) is one field.
    static func fieldNames(_ configuration: String) throws -> Set<String> {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(configuration.utf8)) as? [String: Any])
        var names = Set(object.keys)
        for nested in ["model", "source"] {
            if let fields = object[nested] as? [String: Any] { names.formUnion(fields.keys.map { "\(nested).\($0)" }) }
        }
        if let points = object["points"] as? [[String: Any]], object["name"] != nil {
            for point in points { names.formUnion(point.keys.map { "points[].\($0)" }) }
        }
        return names
    }

    @Test func everyKindsKeyHoldsExactlyTheFieldsItNames() throws {
        var found: [String: Set<String>] = [:]
        for path in Self.specs {
            let graph = try Planner.plan(try SpecLoader.load(path: Self.root.appendingPathComponent(path).path))
            for stage in graph.stages {
                found[stage.id.kind.rawValue, default: []].formUnion(try Self.fieldNames(stage.configuration))
            }
        }
        for (kind, names) in Self.expected where kind != "train" {
            #expect(found[kind] == names, "\(kind)")
        }
        #expect(found["train"]?.isSubset(of: Self.expected["train"] ?? []) == true)
        #expect(Set(found.keys) == Set(Self.expected.keys))
    }

    @Test func trainKeyNamesEveryModelField() throws {
        let spec = try SpecLoader.load(path: Self.root.appendingPathComponent(Self.specs[2]).path)
        var model = try #require(spec.models.first)
        model.thetaNoise = 0.1
        model.theta = .shuffled
        model.conditioning = .affine
        model.earlyStopping = EarlyStopping(patience: 2)
        let text = try JSONCoding.canonical(TrainStage.Configuration(model: TrainStage.Model(model), seed: 1))
        #expect(try Self.fieldNames(text) == Self.expected["train"])
    }

    @Test func trainKeyIgnoresNameSweepAndThreads() throws {
        let spec = try SpecLoader.load(path: Self.root.appendingPathComponent(Self.specs[2]).path)
        let model = try #require(spec.models.first)
        var renamed = model
        renamed.name = "other"
        renamed.sweep = "family"
        renamed.threads = 7
        let key = { (m: ModelSpec) in
            try JSONCoding.canonical(TrainStage.Configuration(model: TrainStage.Model(m), seed: 1))
        }
        #expect(try key(model) == key(renamed))
        #expect(try key(model).contains(#""name":"""#))
        #expect(try key(model).contains(#""threads":0"#))
    }

    @Test func loadKeyNamesEverySourceField() throws {
        let reference = SourceReference(name: "root", path: "/a.root", options: .string("x"), baseDirectory: "/specs")
        let source = LoadStage.Source(reference)
        #expect(source.reference == reference)
        let json = try JSONCoding.encoder().encode(source)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(Set(object.keys) == ["name", "path", "options", "baseDirectory"])
    }
}
