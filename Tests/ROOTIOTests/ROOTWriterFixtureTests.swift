import Foundation
import Testing
@testable import ROOTIO

/// Tests/Fixtures/root/written/types.root is this writer's output for `trees()`: every basic type flat and as
/// a counted collection, three baskets a branch. `make test-interop` checks that uproot reads it equal to the
/// same formulas (compare_written.py); here it must stay what the writer writes, byte for byte.
struct ROOTWriterFixtureTests {
    static let path = ROOTFixtureTests.dir.appendingPathComponent("written/types.root")
    static let entries = 3000

    /// Value `i` of every integer branch: the low bits of i × 0x9E3779B97F4A7C15 (wrapping), so every bit varies.
    static func bits(_ i: Int) -> UInt64 { UInt64(i) &* 0x9E37_79B9_7F4A_7C15 }

    static func trees() -> [ROOTWriteTree] {
        let n = entries
        let counts = (0..<n).map { Int32($0 % 7) }
        var offsets = [0]
        for c in counts { offsets.append(offsets.last! + Int(c)) }
        let total = offsets.last!
        func counted(_ name: String, _ values: ROOTColumn) -> ROOTWriteBranch {
            .counted(name, counter: "nJet", ROOTJaggedColumn(offsets: offsets, values: values))
        }
        let branches: [ROOTWriteBranch] = [
            .flat("b_bool", .bool((0..<n).map { bits($0) & 1 == 1 })),
            .flat("b_i8", .int8((0..<n).map { Int8(truncatingIfNeeded: bits($0)) })),
            .flat("b_u8", .uint8((0..<n).map { UInt8(truncatingIfNeeded: bits($0)) })),
            .flat("b_i16", .int16((0..<n).map { Int16(truncatingIfNeeded: bits($0)) })),
            .flat("b_u16", .uint16((0..<n).map { UInt16(truncatingIfNeeded: bits($0)) })),
            .flat("b_i32", .int32((0..<n).map { Int32(truncatingIfNeeded: bits($0)) })),
            .flat("b_u32", .uint32((0..<n).map { UInt32(truncatingIfNeeded: bits($0)) })),
            .flat("b_i64", .int64((0..<n).map { Int64(bitPattern: bits($0)) })),
            .flat("b_u64", .uint64((0..<n).map { bits($0) })),
            .flat("b_f32", .float((0..<n).map { Float($0) / 7 })),
            .flat("b_f64", .double((0..<n).map { Double($0) / 7 })),
            .flat("nJet", .int32(counts)),
            counted("Jet_f", .float((0..<total).map { Float($0) / 3 })),
            counted("Jet_d", .double((0..<total).map { Double($0) / 3 })),
            counted("Jet_b", .bool((0..<total).map { $0 % 3 == 0 })),
            counted("Jet_u16", .uint16((0..<total).map { UInt16(truncatingIfNeeded: bits($0)) })),
            counted("Jet_i64", .int64((0..<total).map { Int64(bitPattern: bits($0)) }))
        ]
        return [ROOTWriteTree(name: "types", branches: branches)]
    }

    static let writer = ROOTWriter(compressionLevel: 1, basketEntries: 1000)

    @Test func theInteropFixtureIsWhatTheWriterWrites() throws {
        let committed = [UInt8](try Data(contentsOf: Self.path))
        #expect(committed == (try Self.writer.data(Self.trees(), fileName: "types.root")))
        let tree = try ROOTFile(path: Self.path.path).tree(at: "types")
        for b in Self.trees()[0].branches {
            if b.counter == nil {
                #expect(try tree.read(branch: b.name) == b.values)
            } else {
                #expect(try tree.readJagged(branch: b.name).values == b.values)
            }
        }
    }
}
