import Foundation
@testable import ParamRunData
@testable import ParamRunPipeline
import ParamRunSupport
import ParamRunTestSupport
import ROOTIO
import Testing

@Suite struct ROOTSourceTests {
    static let folder = Binary.fixtures.appendingPathComponent("root/xttbar").path

    static func reference(_ options: SourceValue) -> SourceReference {
        SourceReference(name: "root", options: options, baseDirectory: folder)
    }

    static let options = SourceValue.map([
        .init(
            "signal",
            .map([
                .init("500", .string("signal.root:signal/mx500")),
                .init("1500", .list([.string("signal.root:signal/mx1500")]))
            ])),
        .init("background", .string("background.root:background")),
        .init("branches", .list([.string("f0"), .string("f26")])),
        .init("weight", .string("w"))
    ])

    @Test func readsTheTreesBranchesAndWeightsItNames() throws {
        let source = try Self.reference(Self.options).open()
        #expect(source.optionProblems().isEmpty)
        #expect(source.featureNames == ["f0", "f26"])
        #expect(
            source.filesToFingerprint(masses: [500])
                == ["signal.root", "background.root"].map { "\(Self.folder)/\($0)" })
        let (signal, background) = try source.events(
            for: DatasetRequest(source: Self.reference(Self.options), masses: [1500, 500]))
        #expect(signal.count == 240 && background.count == 600)
        #expect(signal.theta.prefix(120).allSatisfy { $0 == 1500 } && signal.theta.suffix(120).allSatisfy { $0 == 500 })
        #expect(signal.labels.allSatisfy { $0 == 1 } && background.labels.allSatisfy { $0 == 0 })
        #expect(signal.weights?.allSatisfy { $0 == 1 } == true)
        // The values are the file's, row for row.
        let tree = try ROOTFile(path: "\(Self.folder)/background.root").tree(at: "background")
        guard case .float(let f26) = try tree.read(branch: "f26"), case .float(let w) = try tree.read(branch: "w")
        else {
            Issue.record("f26 and w are float branches")
            return
        }
        #expect(background.column(1) == f26)
        #expect(background.weights == w)
    }

    @Test func subsamplesLikeOtherFileSources() throws {
        let request = DatasetRequest(
            source: Self.reference(Self.options), masses: [500], signalPerMass: 50, background: 70, seed: 4)
        let (signal, background) = try Self.reference(Self.options).open().events(for: request)
        #expect(signal.count == 50 && background.count == 70)
        #expect(background.weights?.count == 70)
    }

    @Test func reportsProblemsAtTheirPlaceInTheOptions() throws {
        let bad = SourceValue.map([
            .init(
                "signal",
                .map([
                    .init("heavy", .string("signal.root:signal/mx500")),
                    .init("750", .string("signal.root:signal/mx75")),
                    .init("1000", .string("signal.root:signal/mx1000"))
                ])),
            .init("background", .string("nowhere.root:background")),
            .init("branches", .list([.string("f0"), .string("f_1")])),
            .init("tree", .string("x"))
        ])
        let problems = Self.reference(bad).type.map { $0.init(reference: Self.reference(bad)).optionProblems() } ?? []
        let byPath = Dictionary(grouping: problems, by: \.path).mapValues { $0.map(\.message) }
        #expect(byPath[["tree"]]?.first?.contains("unknown key 'tree'") == true)
        #expect(byPath[["signal", "heavy"]]?.first?.contains("must be masses") == true)
        #expect(byPath[["signal", "750"]]?.first?.contains("did you mean 'signal/mx750'?") == true)
        #expect(byPath[["background"]]?.first?.contains("'nowhere.root' does not exist") == true)
        #expect(byPath[["branches", "1"]]?.first?.contains("did you mean 'f1'?") == true)
        #expect(problems.count == 5)
        let source = ROOTSource(reference: Self.reference(Self.options))
        #expect(source.problems(masses: [500, 1000, 1500]).map(\.index) == [1])
        #expect(ROOTSource(reference: Self.reference(.string("x.root"))).optionProblems().first?.path == [])
    }

    @Test func aWeightedTableKeepsItsWeightsThroughArtifacts() throws {
        let folder = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var table = EventTable(
            featureNames: ["x"], features: [1, 2, 3], labels: [1, 0, 0], theta: [5, 5, 5], weights: [0.5, 2, 1])
        table.append(EventTable(featureNames: ["x"], features: [4], labels: [1], theta: [5]))
        #expect(table.weights == [0.5, 2, 1, 1])
        #expect(table.rows([3, 1]).weights == [1, 2])
        try table.writeArtifacts(to: folder)
        #expect(try EventTable.readArtifacts(from: folder) == table)

        let plain = EventTable(featureNames: ["x"], features: [1], labels: [1], theta: [5])
        let other = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: other) }
        try plain.writeArtifacts(to: other)
        #expect(!FileManager.default.fileExists(atPath: other.appendingPathComponent("weights.npy").path))
        #expect(try EventTable.readArtifacts(from: other).weights == nil)
    }

    @Test func trainingWeightsCombineEventWeightsWithBalance() {
        let labels: [Float] = [1, 0, 0, 0]
        #expect(NetworkInputs.trainingWeights(labels: labels, eventWeights: nil, balance: false) == nil)
        #expect(
            NetworkInputs.trainingWeights(labels: labels, eventWeights: nil, balance: true)
                == NetworkInputs.balancingWeights(labels))
        #expect(
            NetworkInputs.trainingWeights(labels: labels, eventWeights: [2, 1, 1, 4], balance: false) == [
                1, 0.5, 0.5, 2
            ])
        // Balanced: each class holds half of the total 4, in proportion to its own weights.
        #expect(
            NetworkInputs.trainingWeights(labels: labels, eventWeights: [2, 1, 1, 2], balance: true) == [2, 0.5, 0.5, 1]
        )
    }

    @Test func sourceValuesRoundTripThroughJSON() throws {
        let data = try JSONCoding.encoder().encode(Self.options)
        let decoded = try JSONCoding.decoder().decode(SourceValue.self, from: data)
        // Decoding sorts a map's keys; the values are the same.
        #expect(decoded["branches"] == Self.options["branches"])
        #expect(decoded["signal"]?["1500"] == Self.options["signal"]?["1500"])
        #expect(try JSONCoding.encoder().encode(decoded) == data)
        let scalars = try JSONCoding.decoder().decode(SourceValue.self, from: Data(#"[true, 2.5, "x"]"#.utf8))
        #expect(scalars == .list([.bool(true), .number(2.5), .string("x")]))
    }
}
