/// Branch-free SIMD loops for the Float hot paths between gemm calls. A relu written as a
/// per-element conditional compiles to a mispredicted branch per value, which cost as much as
/// the gemm itself at minibatch 1000.
enum VectorKernels {
    typealias Vector = SIMD16<Float>
    static let width = 16

    /// row[j] = max(row[j] + bias[j], 0) for each of `rows` rows.
    @inline(__always)
    static func biasRelu(_ values: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>) {
        let zero = Vector.zero
        let b = UnsafeRawPointer(bias)
        for r in 0..<rows {
            let row = values + r * columns
            let raw = UnsafeMutableRawPointer(row)
            var j = 0
            while j + width <= columns {
                let v =
                    raw.loadUnaligned(fromByteOffset: 4 * j, as: Vector.self)
                    + b.loadUnaligned(fromByteOffset: 4 * j, as: Vector.self)
                raw.storeBytes(of: v.replacing(with: zero, where: v .< zero), toByteOffset: 4 * j, as: Vector.self)
                j += width
            }
            while j < columns {
                let v = row[j] + bias[j]
                row[j] = v < 0 ? 0 : v
                j += 1
            }
        }
    }

    /// row[j] += bias[j] for each of `rows` rows.
    @inline(__always)
    static func addBias(_ values: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>) {
        let b = UnsafeRawPointer(bias)
        for r in 0..<rows {
            let row = values + r * columns
            let raw = UnsafeMutableRawPointer(row)
            var j = 0
            while j + width <= columns {
                let v =
                    raw.loadUnaligned(fromByteOffset: 4 * j, as: Vector.self)
                    + b.loadUnaligned(fromByteOffset: 4 * j, as: Vector.self)
                raw.storeBytes(of: v, toByteOffset: 4 * j, as: Vector.self)
                j += width
            }
            while j < columns {
                row[j] += bias[j]
                j += 1
            }
        }
    }

    /// delta[i] = 0 where output[i] ≤ 0: the relu derivative from the relu's output.
    @inline(__always)
    static func reluMask(_ delta: UnsafeMutablePointer<Float>, output: UnsafePointer<Float>, count: Int) {
        let zero = Vector.zero
        let d = UnsafeMutableRawPointer(delta), a = UnsafeRawPointer(output)
        var i = 0
        while i + width <= count {
            let v = d.loadUnaligned(fromByteOffset: 4 * i, as: Vector.self)
            let mask = a.loadUnaligned(fromByteOffset: 4 * i, as: Vector.self) .<= zero
            d.storeBytes(of: v.replacing(with: zero, where: mask), toByteOffset: 4 * i, as: Vector.self)
            i += width
        }
        while i < count {
            if !(output[i] > 0) { delta[i] = 0 }
            i += 1
        }
    }

    /// sums[j] = Σ_r values[r, j]: the bias gradient.
    @inline(__always)
    static func columnSums(
        _ values: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>
    ) {
        sums.update(repeating: 0, count: columns)
        let s = UnsafeMutableRawPointer(sums)
        for r in 0..<rows {
            let raw = UnsafeRawPointer(values + r * columns)
            var j = 0
            while j + width <= columns {
                let v =
                    s.loadUnaligned(fromByteOffset: 4 * j, as: Vector.self)
                    + raw.loadUnaligned(fromByteOffset: 4 * j, as: Vector.self)
                s.storeBytes(of: v, toByteOffset: 4 * j, as: Vector.self)
                j += width
            }
            while j < columns {
                sums[j] += values[r * columns + j]
                j += 1
            }
        }
    }
}
