import Foundation
@testable import ParamRunCLI
@testable import ParamRunData
import ParamRunTestSupport
import Testing

@Suite struct GenerateCommandTests {
    @Test func writesAHEPMASSFileThatReadsBack() throws {
        let dir = try TemporaryDirectory.make("generate")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("gen.csv.gz").path
        let command = try GenerateCommand.parse([
            "--masses", "500,1000", "--signal-per-mass", "50",
            "--background", "100", "--seed", "7", "--output", path
        ])
        try command.run()
        let table = try HEPMASSReader.read(URL(fileURLWithPath: path))
        #expect(table.count == 200)
        #expect(Set(table.theta) == [500, 1000])
        let expected = try DatasetLoader.load(
            DatasetRequest(
                source: .xttbar, masses: [500, 1000], signalPerMass: 50,
                background: 100, seed: 7))
        #expect(table == expected)
    }

    @Test func rejectsBadMasses() {
        #expect(throws: (any Error).self) {
            try GenerateCommand.parse(["--masses", "500,abc", "--output", "x.csv"])
        }
    }
}
