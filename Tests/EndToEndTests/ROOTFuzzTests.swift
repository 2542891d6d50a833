import Foundation
import ParamRunSupport
import ParamRunTestSupport
import Testing

/// Seeded mutants of real ROOT files, damaged in their header, keys, tree record, basket headers
/// and compressed payloads, each opened by `paramrun inspect` and `paramrun convert` as a child
/// process under a memory limit and a timeout: each must exit 0 or with a clean error, never by a
/// signal, never by running out of time. The same seed gives the same mutants.
@Suite struct ROOTFuzzTests {
    static let mutantCount = 120
    static let seed: UInt64 = 20_261_207
    static let seeds = [
        ("gen-none.root", "signal/mx700"), ("gen-zlib.root", "signal/mx700"), ("gen-lz4.root", "background"),
        ("gen-zstd.root", "signal/mx700"), ("gen-lzma.root", "background"), ("uproot-small-flat-tree.root", "tree")
    ]

    @Test func mutantsOfRealROOTFilesExitCleanly() throws {
        let scratch = try TemporaryDirectory.make("root-fuzz")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let originals = try Self.seeds.map { try ROOTMutant(fixture: $0.0, tree: $0.1) }
        var rng = SeededGenerator(seed: Self.seed)
        var outcomes: [String: Int] = [:]
        for index in 0..<Self.mutantCount {
            var mutant = originals[index % originals.count]
            let what = ROOTMutator.mutate(&mutant, using: &rng)
            let path = try mutant.write("m\(index).root", in: scratch)
            let csv = scratch.appendingPathComponent("m\(index).csv").path
            let runs = [
                try LimitedRun.paramrun(["inspect", path], seconds: 5),
                try LimitedRun.paramrun(["convert", path, "--tree", mutant.tree, "-o", csv], seconds: 5)
            ]
            for run in runs {
                #expect(run.isClean, "mutant \(index) of \(mutant.fixture) (\(what)): \(run.summary)")
                if !run.signaled, run.status != 0 {
                    // A refusal is a typed error naming the file (after any branches named as skipped).
                    let named = run.stderr.split(separator: "\n").contains { $0.hasPrefix("error: \(path)") }
                    #expect(named, "mutant \(index) (\(what)): \(run.summary)")
                }
                outcomes[run.status == 0 ? "read" : "refused", default: 0] += 1
            }
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: csv)
        }
        // Both paths were exercised: some damage is harmless to what is read, most is refused.
        #expect(outcomes["read", default: 0] > 0)
        #expect(outcomes["refused", default: 0] > Self.mutantCount / 2)
    }

    /// Jagged fixtures (counted arrays over several baskets, a std::vector), each mutant listed and one of its
    /// jagged branches dumped through the jagged reader (`inspect --tree --dump`).
    @Test func jaggedMutantsExitCleanly() throws {
        let scratch = try TemporaryDirectory.make("root-fuzz-jagged")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let seeds = [
            ("jagged/jag-zlib.root", "events", "Jet_pt"), ("jagged/jag-none.root", "events", "Jet_eta"),
            ("jagged/jag-lz4.root", "events", "p3"), ("jagged/uproot-stl_containers.root", "tree", "vector_int32"),
            ("jagged/uproot-small-dy-withoffsets.root", "tree", "Muon_pt")
        ]
        let originals = try seeds.map { try ROOTMutant(fixture: $0.0, tree: $0.1) }
        var rng = SeededGenerator(seed: Self.seed + 24)
        var refused = 0
        for index in 0..<60 {
            var mutant = originals[index % originals.count]
            let what = ROOTMutator.mutate(&mutant, using: &rng)
            let path = try mutant.write("j\(index).root", in: scratch)
            let branch = seeds[index % seeds.count].2
            let runs = [
                try LimitedRun.paramrun(["inspect", path], seconds: 5),
                try LimitedRun.paramrun(["inspect", path, "--tree", mutant.tree, "--dump", branch], seconds: 5)
            ]
            for run in runs {
                #expect(run.isClean, "mutant \(index) of \(mutant.fixture) (\(what)): \(run.summary)")
                if !run.signaled, run.status != 0 {
                    #expect(run.stderr.hasPrefix("error: \(path)"), "mutant \(index) (\(what)): \(run.summary)")
                    refused += 1
                }
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        #expect(refused > 30)
    }

    @Test func theSameSeedGivesTheSameMutants() throws {
        let original = try ROOTMutant(fixture: "gen-zlib.root", tree: "signal/mx700")
        var first = SeededGenerator(seed: Self.seed), second = SeededGenerator(seed: Self.seed)
        for _ in 0..<20 {
            var a = original, b = original
            #expect(ROOTMutator.mutate(&a, using: &first) == ROOTMutator.mutate(&b, using: &second))
            #expect(a.bytes == b.bytes)
            #expect(a.bytes != original.bytes)
        }
    }
}

/// Damage aimed at the parts of a ROOT file a reader trusts, drawn from a seeded generator.
enum ROOTMutator {
    /// Values that break counts, sizes and seeks: zero, negative, the 32-bit edge, and huge.
    static let values = [0, -1, 1, 0x7FFF_FFFF, 1 << 31, 1 << 30, 1 << 40, 10_000_000_000, 0xFF_FFFF]

    /// Applies one to three mutations and names them.
    static func mutate(_ m: inout ROOTMutant, using rng: inout SeededGenerator) -> String {
        var done: [String] = []
        for _ in 0..<(1 + rng.nextIndex(below: 3)) {
            let region = self.region(of: m, using: &rng)
            guard !region.range.isEmpty else { continue }
            let at = region.range.lowerBound + rng.nextIndex(below: region.range.count)
            switch rng.nextIndex(below: 5) {
            case 4:
                done.append(count(&m, using: &rng))
            case 0:
                m.bytes[at] ^= UInt8(1 << rng.nextIndex(below: 8))
                done.append("bit at \(at) in \(region.name)")
            case 1:
                m.bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                done.append("byte at \(at) in \(region.name)")
            case 2:
                let width = [2, 4, 8][rng.nextIndex(below: 3)]
                guard at + width <= m.bytes.count else { continue }
                let value = values[rng.nextIndex(below: values.count)]
                m.set(value, width: width, at: at)
                done.append("\(width)-byte \(value) at \(at) in \(region.name)")
            default:
                // Another basket's record pointed at: a shared or misplaced seek.
                let other = m.baskets[rng.nextIndex(below: m.baskets.count)]
                guard at + 8 <= m.bytes.count else { continue }
                m.set(other.seek, width: 8, at: at)
                done.append("seek \(other.seek) at \(at) in \(region.name)")
            }
        }
        if rng.nextIndex(below: 8) == 0 {
            let cut = m.bytes.count / 2 + rng.nextIndex(below: m.bytes.count / 2)
            m.bytes.removeSubrange(cut...)
            done.append("cut at \(cut)")
        }
        return done.joined(separator: ", ")
    }

    /// One count the file declares set to a hostile value: a basket key's fNbytes or fObjlen, or (in a
    /// tree record stored plain) every copy of the entry count, the tree's and its branches'.
    static func count(_ m: inout ROOTMutant, using rng: inout SeededGenerator) -> String {
        let value = values[rng.nextIndex(below: values.count)]
        let basket = m.baskets[rng.nextIndex(below: m.baskets.count)]
        switch rng.nextIndex(below: 3) {
        case 0:
            m.set(value, width: 4, at: basket.seek)
            return "fNbytes \(value) of basket \(basket.index) of \(basket.branch)"
        case 1:
            m.set(value, width: 4, at: basket.seek + 6)
            return "fObjlen \(value) of basket \(basket.index) of \(basket.branch)"
        default:
            let places = m.offsets(of: [m.entries], width: 8, in: m.treeRecord)
            let chosen = places.filter { _ in rng.nextIndex(below: 2) == 0 }
            for at in chosen { m.set(value, width: 8, at: at) }
            return "entries \(value) at \(chosen.count) of \(places.count) places"
        }
    }

    /// The header, the tree's key record, a basket's key header, or a basket's (compressed) payload.
    static func region(of m: ROOTMutant, using rng: inout SeededGenerator) -> (name: String, range: Range<Int>) {
        let basket = m.baskets[rng.nextIndex(below: m.baskets.count)]
        let headerEnd = min(basket.nbytes, 80)
        switch rng.nextIndex(below: 4) {
        case 0: return ("file header", 0..<min(100, m.bytes.count))
        case 1: return ("tree record", m.treeRecord)
        case 2: return ("basket \(basket.index) key of \(basket.branch)", basket.seek..<(basket.seek + headerEnd))
        default:
            return (
                "basket \(basket.index) payload of \(basket.branch)",
                (basket.seek + headerEnd)..<(basket.seek + basket.nbytes)
            )
        }
    }
}
