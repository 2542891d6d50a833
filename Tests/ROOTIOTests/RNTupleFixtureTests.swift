import Foundation
import Testing
@testable import ROOTIO

/// RNTuples written by ROOT 6.34 (format 1.0.0.0, copied from scikit-hep-testdata into
/// Tests/Fixtures/root/rntuple/) against values uproot 5.7.7 + awkward 2.14 read from the same files:
/// a few entries literally, and over the whole field the number of values and their Double sum.
struct RNTupleFixtureTests {
    static let dir = ROOTFixtureTests.dir.appendingPathComponent("rntuple")

    static func ntuple(_ file: String, _ name: String = "ntuple") throws -> RNTuple {
        try ROOTFile(path: dir.appendingPathComponent(file).path).rntuple(at: name)
    }

    static func sum(_ c: ROOTJaggedColumn) -> Double { c.valuesAsDouble.reduce(0, +) }
    static func entry(_ c: ROOTJaggedColumn, _ i: Int) -> [Double] { Array(c.valuesAsDouble[c.range(at: i)]) }

    @Test func scalarFieldsMatchUproot() throws {
        let file = try ROOTFile(path: Self.dir.appendingPathComponent("test_int_float_rntuple_v1-0-0-0.root").path)
        #expect(file.ntupleEntries.map(\.path) == ["ntuple"] && file.treeEntries.isEmpty)
        let n = try file.rntuple(at: "ntuple")
        #expect(n.entries == 10 && n.name == "ntuple")
        #expect(n.fields.map(\.name) == ["one_integers", "two_floats"])
        guard case .int32(let ints) = try n.read(field: "one_integers") else {
            Issue.record("one_integers is not int32")
            return
        }
        #expect(Array(ints.prefix(3)) == [9, 8, 7] && ints.reduce(0, +) == 45)
        guard case .float(let floats) = try n.read(field: "two_floats") else {
            Issue.record("two_floats is not float")
            return
        }
        #expect(Array(floats.prefix(3)) == [9.9, 8.8, 7.7])
        #expect(floats.map(Double.init).reduce(0, +) == 49.49999964237213)
    }

    @Test func vectorsMatchUproot() throws {
        let n = try Self.ntuple("test_1jag_int_float_rntuple_v1-0-0-0.root")
        #expect(n.fields.map(\.name) == ["one_v_integers", "two_v_floats"])
        #expect(n.fields.allSatisfy { $0.isJagged })
        let ints = try n.readJagged(field: "one_v_integers")
        #expect(ints.entries == 100 && ints.values.type == .int32 && ints.values.count == 450)
        #expect(Self.entry(ints, 0) == [] && Self.entry(ints, 2) == [100, 99] && Self.sum(ints) == 23550)
        let floats = try n.readJagged(field: "two_v_floats")
        #expect(floats.offsets == ints.offsets && floats.values.type == .float)
        #expect(Self.entry(floats, 2) == [10, Double(Float(9.9))] && Self.sum(floats) == 2355.0000007003546)
    }

    @Test func splitEncodingsMatchUproot() throws {
        let n = try Self.ntuple("test_split_3e4_rntuple_v1-0-0-0.root")
        #expect(n.entries == 30000)
        let a = try n.read(field: "one_int32")
        #expect(a.type == .int32 && a.asDoubles.first == 67_305_985 && a.asDoubles.reduce(0, +) == 2_019_179_550_000)
        let b = try n.read(field: "two_uint32")
        #expect(b.type == .uint32 && b.asDoubles.first == 4_293_844_428)
        #expect(b.asDoubles.reduce(0, +) == 128_815_332_840_000)
        let v = try n.readJagged(field: "three_vint32")
        #expect(v.values.count == 135_000 && Self.sum(v) == 13495.587632060051)
        #expect(Self.entry(v, 1) == [Double(Float(0.09996731579303741))])
    }

    @Test func severalClustersAndClusterGroupsMatchUproot() throws {
        let n = try Self.ntuple("test_multiple_cluster_groups_rntuple_v1-0-0-0.root")
        #expect(n.entries == 1000 && n.clusterCount == 12)
        let one = try n.read(field: "one").asDoubles
        #expect(one == (0..<1000).map(Double.init))
        let v = try n.readJagged(field: "int_vector")
        #expect(v.values.type == .int16 && v.values.count == 2000 && Self.sum(v) == 1_000_000)
        #expect((0..<1000).allSatisfy { Self.entry(v, $0) == [Double($0), Double($0 + 1)] })
        let m = try Self.ntuple("test_index_multicluster_rntuple_v1-0-0-0.root")
        #expect(m.entries == 200 && m.clusterCount == 3)
        let w = try m.readJagged(field: "int_vector")
        #expect(w.values.count == 400 && Self.sum(w) == 19900)
        // Entries 0-99 hold [i, i], entries 100-199 [i - 100, i - 99]; the clusters hold 86, 86 and 28.
        #expect((0..<100).allSatisfy { Self.entry(w, $0) == [Double($0), Double($0)] })
        #expect((100..<200).allSatisfy { Self.entry(w, $0) == [Double($0 - 100), Double($0 - 99)] })
    }

    @Test func staffScalarsMatchUprootAndStringsAreRefused() throws {
        let n = try Self.ntuple("ntpl001_staff_rntuple_v1-0-0-0.root", "Staff")
        #expect(n.entries == 3354 && n.fields.count == 11)
        let sums: [String: Double] = [
            "Category": 1_162_422, "Flag": 42882, "Age": 158_151, "Service": 63563, "Children": 3390, "Grade": 26958,
            "Step": 27258, "Hrweek": 131_880, "Cost": 29_083_929
        ]
        for (name, sum) in sums {
            let values = try n.readAsDouble(field: name)
            #expect(values.count == 3354 && values.reduce(0, +) == sum, "\(name)")
        }
        let cost = try n.readAsDouble(field: "Cost")
        #expect(Array(cost.prefix(3)) == [11975, 10228, 10730])
        let error = #expect(throws: ROOTError.self) { try n.read(field: "Division") }
        #expect(error?.kind == .unsupported && error?.branch == "Division" && error?.tree == "Staff")
        #expect(error?.description.contains("std::string") == true)
    }

    @Test func containersReadWhereTheyAreOneLevelDeep() throws {
        let n = try Self.ntuple("test_stl_containers_rntuple_v1-0-0-0.root")
        let vector = try n.readJagged(field: "vector_int32")
        #expect(Self.entry(vector, 2) == [1, 2, 3] && Self.sum(vector) == 35 && vector.values.count == 15)
        let array = try n.readJagged(field: "array_float")
        #expect(array.offsets == [0, 3, 6, 9, 12, 15] && Self.entry(array, 1) == [2, 2, 2] && Self.sum(array) == 45)
        let pt = try n.read(field: "lorentz_vector.pt")
        #expect(pt.type == .float && pt.asDoubles == [1, 2, 3, 4, 5])
        let lvPt = try n.readJagged(field: "array_lv.pt")
        #expect(lvPt.values.count == 15 && Self.sum(lvPt) == 45 && Self.entry(lvPt, 2) == [3, 3, 3])
        let first = try n.readJagged(field: "vector_tuple_int32_string._0")
        #expect(Self.sum(first) == 35 && Self.entry(first, 1) == [1, 2])
        let tupleFirst = try n.read(field: "tuple_int32_string._0")
        #expect(tupleFirst.asDoubles == [1, 2, 3, 4, 5])
        let refused: [(String, String)] = [
            ("string", "std::string"), ("vector_vector_int32", "collection inside a collection"),
            ("variant_int32_string", "variant"), ("vector_string", "std::string")
        ]
        for (field, reason) in refused {
            let info = try #require(n.fields.first { $0.name == field }, "\(field)")
            #expect(info.unsupportedReason?.contains(reason) == true, "\(field): \(info.unsupportedReason ?? "")")
            let error = #expect(throws: ROOTError.self) { try n.read(field: field) }
            #expect(error?.kind == .unsupported && error?.branch == field && error?.tree == "ntuple")
        }
    }

    @Test func truncatedAndQuantizedFloatsMatchUproot() throws {
        let n = try Self.ntuple("test_float_types_rntuple_v1-0-0-0.root")
        #expect(n.entries == 4 && n.fields.allSatisfy(\.isSupported))
        // Real32Trunc keeps a float's top bits; Real32Quant maps an n-bit integer onto [min, max].
        let expected: [String: [Double]] = [
            "trunc10": [1.0, 13194139533312.0, -4.235164736271502e-22, -1.5],
            "trunc16": [1.234375, 14637248544768.0, -6.28657265540301e-22, -1.8984375],
            "trunc24": [1.23455810546875, 14660065558528.0, -6.28747738419799e-22, -1.906036376953125],
            "trunc31": [1.2345678806304932, 14660153638912.0, -6.287598553233032e-22, -1.906066656112671],
            "quant1": [3.0, 3.0, -2.0, -2.0],
            "quant8": [1.2352941036224365, 1.6666666269302368, 0.0, -1.9019607305526733],
            "quant16": [1.2345311641693115, 1.6666666269302368, 0.0, -1.906080722808838],
            "quant20": [1.2345659732818604, 1.6666666269302368, 0.0, -1.9060677289962769],
            "quant24": [1.2345678806304932, 1.6666666269302368, 0.0, -1.906066656112671],
            "quant25": [1.2345678806304932, 1.6666665077209473, -5.960464477539063e-08, -1.9060667753219604],
            "quant32": [1.2345678806304932, 1.6666666269302368, 0.0, -1.9060667753219604]
        ]
        for (field, values) in expected {
            let column = try n.read(field: field)
            #expect(column.type == .float && column.asDoubles == values, "\(field): \(column.asDoubles)")
        }
    }
}
