import ParamRunSupport
import Synchronization

/// Cuts a gemm's output rows among threads so that every element comes out bit for bit as the
/// unsplit call computes it.
///
/// OpenBLAS sums each element of C in an order its kernel's blocking fixes. Cut at a multiple of
/// the kernel's row step (12 on the Zen and Haswell sgemm kernels of OpenBLAS 0.3.21), the rows
/// keep that order; cut anywhere else, a few rows near the cut change in their last bits. The
/// step differs between kernels, so cuts are found by trial, never assumed: a split is used only
/// after random matrices of exactly its shapes gave the same bytes split and unsplit. The order of
/// a kernel's arithmetic depends on the shapes and not on the values, so one trial per shape
/// settles it, and the answer is kept for the process's life.
enum ExactRowSplit {
    /// One gemm as the split calls it, less its row count (the dimension that is cut): row-major
    /// C (m × n) = op(A) · op(B), with A's rows (or, transposed, its columns) cut with C's.
    struct Shape: Hashable, Sendable {
        var transposeA: Bool
        var transposeB: Bool
        var n: Int
        var k: Int
        var lda: Int
        var ldb: Int
        var ldc: Int
    }

    private struct Key: Hashable {
        var shapes: [Shape]
        var rows: Int
        var parts: Int
    }

    /// Row steps tried, smallest first: the kernels' unrolls and their common multiples.
    static let steps = [4, 8, 12, 16, 24, 32, 48, 64, 96, 128]

    /// Trials of splits already made in this process: the bounds found, or `[0, rows]` where no split was exact.
    private static let cache = Mutex<[Key: [Int]]>([:])

    /// Bounds `[0, c₁, …, rows]` that cut `rows` rows into at most `parts` pieces (as even as the
    /// row step allows) with every shape giving the unsplit call's bits; `[0, rows]` when one
    /// piece is asked for or no trial split was exact.
    static func bounds(rows: Int, parts: Int, shapes: [Shape]) -> [Int] {
        guard parts > 1, rows > 1, !shapes.isEmpty else { return [0, max(0, rows)] }
        let key = Key(shapes: shapes, rows: rows, parts: parts)
        if let known = cache.withLock({ $0[key] }) { return known }
        var found = [0, rows]
        for step in steps {
            let candidate = candidateBounds(rows: rows, parts: parts, step: step)
            guard candidate.count > 2 else { continue }
            if shapes.allSatisfy({ isExact($0, rows: rows, bounds: candidate) }) {
                found = candidate
                break
            }
        }
        cache.withLock { $0[key] = found }
        return found
    }

    /// Cuts near `rows · i / parts`, each rounded to a multiple of `step`; duplicate and empty pieces are dropped.
    static func candidateBounds(rows: Int, parts: Int, step: Int) -> [Int] {
        var bounds = [0]
        for i in 1..<parts {
            let ideal = Double(rows) * Double(i) / Double(parts)
            let cut = Int((ideal / Double(step)).rounded()) * step
            if cut > bounds.last!, cut < rows { bounds.append(cut) }
        }
        bounds.append(rows)
        return bounds
    }

    /// Whether computing `shape` in the pieces `bounds` gives the bytes of one call over all rows,
    /// on seeded random matrices (on this thread's BLAS settings, as the real calls run).
    static func isExact(_ shape: Shape, rows m: Int, bounds: [Int]) -> Bool {
        let aCount = shape.transposeA ? shape.k * shape.lda : m * shape.lda
        let bCount = shape.transposeB ? shape.n * shape.ldb : shape.k * shape.ldb
        let cCount = m * shape.ldc
        var generator = SeededGenerator(seed: 0x5EED_0F_5B17)
        let a = (0..<aCount).map { _ in Float.random(in: -1...1, using: &generator) }
        let b = (0..<bCount).map { _ in Float.random(in: -1...1, using: &generator) }
        var whole = [Float](repeating: 0, count: cCount)
        var pieces = whole
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                whole.withUnsafeMutableBufferPointer { c in
                    Float.gemm(
                        transposeA: shape.transposeA, transposeB: shape.transposeB, m: m, n: shape.n, k: shape.k,
                        alpha: 1, a: a.baseAddress!, lda: shape.lda, b: b.baseAddress!, ldb: shape.ldb,
                        beta: 0, c: c.baseAddress!, ldc: shape.ldc)
                }
                pieces.withUnsafeMutableBufferPointer { c in
                    for (lower, upper) in zip(bounds, bounds.dropFirst()) {
                        let rowsA = shape.transposeA ? a.baseAddress! + lower : a.baseAddress! + lower * shape.lda
                        Float.gemm(
                            transposeA: shape.transposeA, transposeB: shape.transposeB, m: upper - lower, n: shape.n,
                            k: shape.k, alpha: 1, a: rowsA, lda: shape.lda, b: b.baseAddress!, ldb: shape.ldb,
                            beta: 0, c: c.baseAddress! + lower * shape.ldc, ldc: shape.ldc)
                    }
                }
            }
        }
        // Bytes, not values: -0 against +0 or two NaNs must count as different.
        return whole.withUnsafeBytes { w in pieces.withUnsafeBytes { p in w.elementsEqual(p) } }
    }
}
