import Foundation
import Testing
@testable import ParamRunStats
import ParamRunSupport

@Suite struct BoundedNewtonTests {
    /// Rosenbrock's banana, f = (1 − x)² + 100 (y − x²)², with its exact derivatives.
    static func rosenbrock(_ v: [Double]) -> BoundedNewton.Evaluation {
        let x = v[0], y = v[1]
        let value = (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
        let gx = -2 * (1 - x) - 400 * x * (y - x * x)
        let gy = 200 * (y - x * x)
        let hxx = 2 - 400 * (y - x * x) + 800 * x * x
        let hxy = -400 * x
        return .init(value: value, gradient: [gx, gy], hessian: [hxx, hxy, hxy, 200])
    }

    @Test func rosenbrockUnconstrained() throws {
        let r = try BoundedNewton().minimize(
            start: [-1.2, 1], lower: [-10, -10], upper: [10, 10], what: "rosenbrock", objective: Self.rosenbrock)
        #expect(abs(r.x[0] - 1) < 1e-8 && abs(r.x[1] - 1) < 1e-8)
        #expect(r.value < 1e-16)
    }

    @Test func rosenbrockWithAnActiveUpperBound() throws {
        // With x ≤ 0.5 the minimum is on the bound at (0.5, 0.25), where ∂f/∂x = −1 pushes outward.
        let r = try BoundedNewton().minimize(
            start: [-1.2, 1], lower: [-2, -2], upper: [0.5, 2], what: "rosenbrock", objective: Self.rosenbrock)
        #expect(r.x[0] == 0.5)
        #expect(abs(r.x[1] - 0.25) < 1e-9)
        #expect(abs(r.value - 0.25) < 1e-12)
    }

    @Test func rosenbrockWithAnActiveLowerBound() throws {
        // y ≥ 1.5: the minimum moves to the bound; check KKT: ∂f/∂x = 0 and ∂f/∂y ≥ 0 there.
        let r = try BoundedNewton().minimize(
            start: [0, 2], lower: [-5, 1.5], upper: [5, 5], what: "rosenbrock", objective: Self.rosenbrock)
        #expect(r.x[1] == 1.5)
        let e = Self.rosenbrock(r.x)
        #expect(abs(e.gradient[0]) < 1e-8)
        #expect(e.gradient[1] > 0)
    }

    @Test func equalBoundsFixAVariable() throws {
        let r = try BoundedNewton().minimize(
            start: [3, 0], lower: [-2, -5], upper: [-2, 5], what: "rosenbrock", objective: Self.rosenbrock)
        #expect(r.x[0] == -2)
        #expect(abs(r.x[1] - 4) < 1e-9) // y = x² minimises the second term
    }

    @Test func seededRandomQuadraticsMatchTheirSolution() throws {
        // f = ½ xᵀAx − bᵀx with A = MᵀM + I is convex; unconstrained minimum is A⁻¹b.
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<20 {
            let n = 6
            let m = (0..<n * n).map { _ in rng.nextUniform() * 2 - 1 }
            var a = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in 0..<n { for k in 0..<n { a[i * n + j] += m[k * n + i] * m[k * n + j] } }; a[i * n + i] += 1
            }
            let b = (0..<n).map { _ in rng.nextUniform() * 4 - 2 }
            let r = try BoundedNewton().minimize(
                start: [Double](repeating: 0, count: n), lower: [Double](repeating: -100, count: n),
                upper: [Double](repeating: 100, count: n), what: "quadratic"
            ) { x in
                var g = [Double](repeating: 0, count: n), v = 0.0
                for i in 0..<n {
                    for j in 0..<n { g[i] += a[i * n + j] * x[j] }
                    v += 0.5 * x[i] * g[i] - b[i] * x[i]
                    g[i] -= b[i]
                }
                return .init(value: v, gradient: g, hessian: a)
            }
            // Residual of Ax = b.
            for i in 0..<n {
                let ax = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * r.x[$1] }
                #expect(abs(ax - b[i]) < 1e-9)
            }
        }
    }

    @Test func indefiniteStartStillDescends() throws {
        // f = x⁴ − 2x² + y²: the Hessian is negative in x at the start x = 0.1; minima at x = ±1.
        let r = try BoundedNewton().minimize(start: [0.1, 1], lower: [-3, -3], upper: [3, 3], what: "double well") {
            v in
            let x = v[0], y = v[1]
            return .init(
                value: x * x * x * x - 2 * x * x + y * y, gradient: [4 * x * x * x - 4 * x, 2 * y],
                hessian: [12 * x * x - 4, 0, 0, 2])
        }
        #expect(abs(abs(r.x[0]) - 1) < 1e-9 && abs(r.x[1]) < 1e-9)
    }

    @Test func badBoundsAreRejected() {
        #expect(throws: StatsError.self) {
            try BoundedNewton().minimize(
                start: [0, 0], lower: [1, 0], upper: [0, 1], what: "bad", objective: Self.rosenbrock)
        }
        #expect(throws: StatsError.lengthMismatch(field: "bad lower bounds", expected: 2, got: 1)) {
            try BoundedNewton().minimize(
                start: [0, 0], lower: [1], upper: [0, 1], what: "bad", objective: Self.rosenbrock)
        }
    }
}
