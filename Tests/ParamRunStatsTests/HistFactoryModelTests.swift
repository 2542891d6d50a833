import Foundation
import ParamRunSupport
import Testing
@testable import ParamRunStats

@Suite struct HistFactoryModelTests {
    static func model(_ code: NormsysInterpolation) throws -> HistFactoryModel {
        let ws = AsymptoticCLsTests.workspace(signal: [2, 5, 9], background: [40, 12, 3], delta: [3, 2, 1], u: 0.15)
        return try HistFactoryModel(workspace: ws, normsysInterpolation: code)
    }

    @Test(arguments: NormsysInterpolation.allCases)
    func derivativesMatchFiniteDifferences(code: NormsysInterpolation) throws {
        let model = try Self.model(code)
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<10 {
            // mu, three gammas, alpha across both interpolation regions.
            let theta = [
                0.2 + 2 * rng.nextUniform(), 0.7 + 0.6 * rng.nextUniform(), 0.7 + 0.6 * rng.nextUniform(),
                0.7 + 0.6 * rng.nextUniform(), -2.5 + 5 * rng.nextUniform()
            ]
            let e = model.evaluate(theta, data: model.observed, derivatives: true)
            let n = theta.count, h = 1e-6
            for i in 0..<n {
                var up = theta, dn = theta
                up[i] += h; dn[i] -= h
                let eu = model.evaluate(up, data: model.observed, derivatives: true)
                let ed = model.evaluate(dn, data: model.observed, derivatives: true)
                #expect(abs((eu.value - ed.value) / (2 * h) - e.gradient[i]) < 1e-5 * (1 + abs(e.gradient[i])))
                for j in 0..<n {
                    let fd = (eu.gradient[j] - ed.gradient[j]) / (2 * h)
                    #expect(abs(fd - e.hessian[i * n + j]) < 1e-4 * (1 + abs(fd)), "H[\(i),\(j)]")
                }
            }
        }
    }

    @Test func code4IsSmoothAtPlusMinusOneAndExponentialBeyond() {
        let curve = NormsysInterpolation.Curve(interpolation: .code4, hi: 1.3, lo: 0.8)
        let exact = NormsysInterpolation.Curve(interpolation: .code1, hi: 1.3, lo: 0.8)
        for a in [-1.0, 1.0] {
            let inside = curve.evaluate(a * (1 - 1e-12)), outside = exact.evaluate(a)
            #expect(abs(inside.value - outside.value) < 1e-10)
            #expect(abs(inside.first - outside.first) < 1e-9)
            #expect(abs(inside.second - outside.second) < 1e-9)
        }
        #expect(curve.evaluate(0).value == 1)
        #expect(curve.evaluate(2.5).value == exact.evaluate(2.5).value)
    }

    @Test func fitOfNominalDataReturnsNominalParameters() throws {
        let model = try Self.model(.code4)
        let fit = try model.fit(fixedValues: [model.poiIndex: 0])
        #expect(abs(fit.parameters[1] - 1) < 1e-8 && abs(fit.parameters[4]) < 1e-8)
        // And the fitted NLL is the saturated value: no other point does better.
        #expect(fit.nll <= (try model.nll([0, 1.01, 1, 1, 0.01])))
    }

    @Test func badParametersThrow() throws {
        let model = try Self.model(.code4)
        #expect(throws: StatsError.lengthMismatch(field: "parameters", expected: 5, got: 2)) { try model.nll([1, 1]) }
        #expect(throws: StatsError.self) { try model.nll([.nan, 1, 1, 1, 0]) }
    }
}
