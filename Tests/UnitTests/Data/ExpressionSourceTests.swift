import Foundation
@testable import ParamRunData
import ParamRunTestSupport
import ROOTIO
import Testing

/// The root source's `features`, `select` and expression `weight` over the xttbar fixture, checked
/// against the same branches read straight from the file and combined here.
@Suite struct ExpressionSourceTests {
    static let folder = Binary.fixtures.appendingPathComponent("root/xttbar").path

    static func reference(select: String? = "f1 > 0", weight: String = "w * 2", feature: String = "f0 + f1")
        -> SourceReference
    {
        var entries: [SourceValue.Entry] = [
            .init("signal", .map([.init("500", .string("signal.root:signal/mx500"))])),
            .init("background", .string("background.root:background")),
            .init("branches", .list([.string("f0")])),
            .init(
                "features",
                .list([.map([.init("sum", .string(feature))]), .map([.init("big", .string("f2 > 1"))])])),
            .init("weight", .string(weight))
        ]
        if let select { entries.append(.init("select", .string(select))) }
        return SourceReference(name: "root", options: .map(entries), baseDirectory: folder)
    }

    static func branch(_ tree: ROOTTree, _ name: String) throws -> [Double] { try tree.readAsDouble(branch: name) }

    @Test func computesFeaturesAndWeightsForTheSelectedEvents() throws {
        let source = try Self.reference().open()
        #expect(source.optionProblems().isEmpty)
        #expect(source.featureNames == ["f0", "sum", "big"])
        let (signal, _) = try source.events(for: DatasetRequest(source: Self.reference(), masses: [500]))
        let tree = try ROOTFile(path: "\(Self.folder)/signal.root").tree(at: "signal/mx500")
        let (f0, f1, f2, w) = try (
            Self.branch(tree, "f0"), Self.branch(tree, "f1"), Self.branch(tree, "f2"), Self.branch(tree, "w")
        )
        let kept = f1.indices.filter { f1[$0] > 0 }
        #expect(!kept.isEmpty && kept.count < tree.entries)
        #expect(signal.count == kept.count)
        #expect(signal.column(0) == kept.map { Float(f0[$0]) })
        #expect(signal.column(1) == kept.map { Float(f0[$0] + f1[$0]) })
        #expect(signal.column(2) == kept.map { f2[$0] > 1 ? 1 : 0 })
        #expect(signal.weights == kept.map { Float(w[$0] * 2) })
    }

    @Test func aFeatureThatIsNotFiniteIsAnErrorNamingItsEntry() throws {
        let reference = Self.reference(select: nil, feature: "f0 / 0")
        #expect(throws: DataError.self) {
            try reference.open().events(for: DatasetRequest(source: reference, masses: [500]))
        }
        do {
            _ = try reference.open().events(for: DatasetRequest(source: reference, masses: [500]))
        } catch {
            #expect("\(error)".contains("feature 'sum' (f0 / 0) is"))
            #expect("\(error)".contains("at entry 0 of tree 'signal/mx500'"))
        }
    }

    @Test func reportsExpressionProblemsAtTheirPathAndColumn() throws {
        let problems = try Self.reference(select: "f1 + 1", weight: "w > 0", feature: "f0 + (f1").open()
            .optionProblems()
        #expect(problems.map(\.path) == [["features", "0", "sum"], ["select"], ["weight"]])
        #expect(problems.map(\.column) == [9, 1, 1])
        #expect(problems[1].message.hasPrefix("a selection must be a condition"))
        #expect(problems[2].message.hasPrefix("a weight must be a number"))
    }

    @Test func aPlainMapOfFeaturesIsRefusedForItsLostOrder() throws {
        let options = SourceValue.map([
            .init("signal", .map([.init("500", .string("signal.root:signal/mx500"))])),
            .init("background", .string("background.root:background")),
            .init("features", .map([.init("b", .string("f1")), .init("a", .string("f0"))]))
        ])
        let problems = try SourceReference(name: "root", options: options, baseDirectory: Self.folder).open()
            .optionProblems()
        #expect(problems.map(\.path) == [["features"]])
        #expect(problems.first?.message.contains("a list of `- NAME: EXPRESSION` entries") == true)
    }
}

/// Jagged branches as expression columns, on a counted tree uproot wrote (make_jagged.py).
@Suite struct ROOTTreeColumnsTests {
    static let file = Binary.fixtures.appendingPathComponent("root/jagged/jag-zlib.root").path

    @Test func countedArraysShareTheirCountersCollection() throws {
        let columns = ROOTTreeColumns(tree: try ROOTFile(path: Self.file).tree(at: "events"))
        #expect(try columns.kind(of: "met") == .number)
        #expect(try columns.kind(of: "Jet_pt") == ColumnKind(collection: "nJet"))
        #expect(try columns.kind(of: "Jet_tag") == ColumnKind(collection: "nJet", isBoolean: true))
        #expect(try columns.kind(of: "p3") == ColumnKind(collection: "p3"))
        #expect(try columns.kind(of: "nope") == nil)
    }

    @Test func evaluatesOverTheBranchesAsRead() throws {
        let tree = try ROOTFile(path: Self.file).tree(at: "events")
        let columns = ROOTTreeColumns(tree: tree)
        let compiled = try CompiledExpression("sum(Jet_pt[Jet_tag]) + (p3[1] ?? 0)", columns: columns)
        let values = try ExpressionEvaluator(columns: columns).evaluate(compiled)
        let pt = try tree.readJagged(branch: "Jet_pt"), tag = try tree.readJagged(branch: "Jet_tag")
        let p3 = try tree.readJagged(branch: "p3")
        let (ptValues, tagValues, p3Values) = (pt.valuesAsDouble, tag.valuesAsDouble, p3.valuesAsDouble)
        var expected: [Double] = []
        for e in 0..<tree.entries {
            var sum = 0.0
            for k in pt.range(at: e) where tagValues[k] > 0 { sum += ptValues[k] }
            expected.append(sum + (p3.count(at: e) > 1 ? p3Values[p3.offsets[e] + 1] : 0))
        }
        #expect(values == expected)
    }
}

/// The root source computing features from NanoAOD-style collections.
@Suite struct JaggedFeatureSourceTests {
    @Test func featuresFromCountedArraysForTheSelectedEvents() throws {
        let folder = Binary.fixtures.appendingPathComponent("root/jagged").path
        let options = SourceValue.map([
            .init("signal", .map([.init("500", .string("jag-zlib.root:events"))])),
            .init("background", .string("jag-lz4.root:events")),
            .init("features", .list([.map([.init("ht", .string("sum(Jet_pt[abs(Jet_eta) < 2.4])"))])])),
            .init("select", .string("nJet >= 1"))
        ])
        let reference = SourceReference(name: "root", options: options, baseDirectory: folder)
        let source = try reference.open()
        #expect(source.optionProblems().isEmpty)
        let (signal, _) = try source.events(for: DatasetRequest(source: reference, masses: [500]))
        let tree = try ROOTFile(path: "\(folder)/jag-zlib.root").tree(at: "events")
        let pt = try tree.readJagged(branch: "Jet_pt"), eta = try tree.readJagged(branch: "Jet_eta")
        let (ptValues, etaValues) = (pt.valuesAsDouble, eta.valuesAsDouble)
        var expected: [Float] = []
        for e in 0..<tree.entries where pt.count(at: e) >= 1 {
            var sum = 0.0
            for k in pt.range(at: e) where Swift.abs(etaValues[k]) < 2.4 { sum += ptValues[k] }
            expected.append(Float(sum))
        }
        #expect(signal.featureNames == ["ht"])
        #expect(signal.column(0) == expected)
    }
}
