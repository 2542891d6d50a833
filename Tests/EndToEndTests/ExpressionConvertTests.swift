import Foundation
import ParamRunTestSupport
import ROOTIO
import Testing

/// `paramrun convert --select --column` on a flat ROOT fixture, checked against the branches read
/// with ROOTIO and combined here.
@Suite struct ExpressionConvertTests {
    static let file = Binary.fixtures.appendingPathComponent("root/uproot-HZZ-zlib.root").path

    @Test func writesTheSelectedEntriesAndComputedColumns() throws {
        let scratch = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out.csv").path
        let result = try Binary.run([
            "convert", Self.file, "--tree", "events", "--select", "NJet >= 2 && MET_px > 0",
            "--column", "met=sqrt(MET_px * MET_px + MET_py * MET_py)", "--column", "flag=MET_py < 0",
            "--branches", "NJet", "-o", out
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let tree = try ROOTFile(path: Self.file).tree(at: "events")
        let njet = try tree.readAsDouble(branch: "NJet")
        let px = try tree.readAsDouble(branch: "MET_px")
        let py = try tree.readAsDouble(branch: "MET_py")
        let kept = njet.indices.filter { njet[$0] >= 2 && px[$0] > 0 }
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "NJet,met,flag")
        #expect(lines.count == kept.count + 1)
        for (line, entry) in zip(lines.dropFirst(), kept) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(fields.count == 3)
            #expect(Double(fields[0]) == njet[entry])
            #expect(Double(fields[1]) == (px[entry] * px[entry] + py[entry] * py[entry]).squareRoot())
            #expect(fields[2] == (py[entry] < 0 ? "1" : "0"))
        }
    }

    @Test func aMissingElementIsAnEmptyField() throws {
        let scratch = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out.csv").path
        let result = try Binary.run(["convert", Self.file, "--tree", "events", "--column", "l=log(NJet - 1)", "-o", out]
        )
        #expect(result.status == 0, "\(result.stderr)")
        let njet = try ROOTFile(path: Self.file).tree(at: "events").readAsDouble(branch: "NJet")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "l")
        // log(0) is -inf and log(-1) NaN: neither is printed.
        for (line, n) in zip(lines.dropFirst(), njet) {
            #expect(n > 1 ? Double(String(line)) == Foundation.log(n - 1) : line.isEmpty)
        }
    }

    @Test(arguments: [
        (["--select", "MET_px + 1"], "--select MET_px + 1: column 1: a selection must be a condition"),
        (
            ["--column", "m=sqrt(MET_pxx)"],
            "--column m=sqrt(MET_pxx): column 6: no column 'MET_pxx'; did you mean 'MET_px'?"
        ),
        (["--column", "m=NJet[0]"], "column 5: 'NJet' has one value per event"),
        (["--column", "m=sum(Jet_Px + Muon_Px)"], "column 14: this is from collection NMuon but the other side"),
        (["--column", "=NJet"], "--column =NJet: write NAME=EXPRESSION"),
        (["--column", "a=NJet", "--column", "a=NJet"], "the column 'a' is named twice")
    ])
    func badExpressionsExitTwoAndWriteNothing(arguments: [String], message: String) throws {
        let scratch = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out.csv").path
        let result = try Binary.run(["convert", Self.file, "--tree", "events"] + arguments + ["-o", out])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
