import Foundation
import Testing
@testable import ParamRunStats

@Suite struct AsimovSignificanceTests {
    @Test func singleBinMatchesTheClosedForm() throws {
        let s = 10.0, b = 100.0
        let expected = (2 * ((s + b) * log(1 + s / b) - s)).squareRoot()
        #expect(abs(try AsimovSignificance.z(signal: [s], background: [b]) - expected) < 1e-12)
    }

    @Test func smallSignalTendsToSOverRootB() throws {
        // For s ≪ b the Asimov Z approaches s/√b; log1p keeps it accurate.
        let z = try AsimovSignificance.z(signal: [1e-6], background: [1e6])
        #expect(abs(z / (1e-6 / 1e3) - 1) < 1e-6)
    }

    @Test func binsAddInQuadrature() throws {
        let z1 = try AsimovSignificance.z(signal: [3], background: [7])
        let z2 = try AsimovSignificance.z(signal: [5], background: [2])
        let z = try AsimovSignificance.z(signal: [3, 5, 0], background: [7, 2, 9])
        #expect(abs(z - (z1 * z1 + z2 * z2).squareRoot()) < 1e-12)
    }

    @Test func badYieldsAreRejected() {
        #expect(
            throws: StatsError.invalidValue(field: "background", index: 1, value: 0, reason: "must be finite and > 0")
        ) {
            try AsimovSignificance.z(signal: [1, 1], background: [1, 0])
        }
        #expect(throws: StatsError.self) { try AsimovSignificance.z(signal: [.nan], background: [1]) }
        #expect(throws: StatsError.self) { try AsimovSignificance.z(signal: [-1], background: [1]) }
        #expect(throws: StatsError.lengthMismatch(field: "background", expected: 2, got: 1)) {
            try AsimovSignificance.z(signal: [1, 1], background: [1])
        }
    }
}
