import Foundation

/// One element-wise operation as a type, so each loop over a column is specialised for it and its
/// body inlined: a closure passed down is called per element, which costs more than the arithmetic.
protocol UnaryKernel {
    static func apply(_ x: Double) -> Double
}

/// A two-argument element-wise operation as a type (see ``UnaryKernel``).
protocol BinaryKernel {
    static func apply(_ x: Double, _ y: Double) -> Double
}

/// The kernels, one per operation of ``ExpressionPlan``.
enum Kernels {
    enum Negate: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { -x } }
    enum Not: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { x > 0 ? 0 : 1 } }
    enum Abs: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { Swift.abs(x) } }
    enum Sqrt: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { x.squareRoot() } }
    enum Exp: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { Foundation.exp(x) } }
    enum Log: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { Foundation.log(x) } }
    enum Sin: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { Foundation.sin(x) } }
    enum Cos: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { Foundation.cos(x) } }
    enum Tan: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { Foundation.tan(x) } }
    enum Sinh: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { Foundation.sinh(x) } }
    enum Cosh: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { Foundation.cosh(x) } }
    enum Tanh: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { Foundation.tanh(x) } }

    enum Add: BinaryKernel { @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x + y } }
    enum Subtract: BinaryKernel { @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x - y } }
    enum Multiply: BinaryKernel { @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x * y } }
    enum Divide: BinaryKernel { @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x / y } }
    enum Less: BinaryKernel {
        @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x < y ? 1 : 0 }
    }
    enum LessEqual: BinaryKernel {
        @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x <= y ? 1 : 0 }
    }
    enum Greater: BinaryKernel {
        @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x > y ? 1 : 0 }
    }
    enum GreaterEqual: BinaryKernel {
        @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x >= y ? 1 : 0 }
    }
    enum Equal: BinaryKernel {
        @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x == y ? 1 : 0 }
    }
    enum NotEqual: BinaryKernel {
        @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x != y ? 1 : 0 }
    }
    enum And: BinaryKernel {
        @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x > 0 && y > 0 ? 1 : 0 }
    }
    enum Or: BinaryKernel {
        @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x > 0 || y > 0 ? 1 : 0 }
    }
    enum Atan2: BinaryKernel {
        @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { Foundation.atan2(x, y) }
    }
    enum Pow: BinaryKernel {
        @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
    }
    /// NaN wins, as numpy's `minimum` does.
    enum Min: BinaryKernel {
        @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x <= y || x.isNaN ? x : y }
    }
    /// NaN wins, as numpy's `maximum` does.
    enum Max: BinaryKernel {
        @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x >= y || x.isNaN ? x : y }
    }
}
