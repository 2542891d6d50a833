import Foundation

/// The element-wise loops: one function, inlined per operation so each loop is specialised.
extension ExpressionEvaluator {
    @inline(__always)
    static func map(_ values: [Double], _ f: (Double) -> Double) -> [Double] {
        [Double](unsafeUninitializedCapacity: values.count) { out, count in
            values.withUnsafeBufferPointer { v in
                for i in 0..<v.count { out[i] = f(v[i]) }
            }
            count = values.count
        }
    }

    @inline(__always)
    static func map(_ value: Value, _ f: (Double) -> Double) -> Value {
        switch value {
        case .constant(let x): return .constant(f(x))
        case .scalar(let values): return .scalar(map(values, f))
        case .jagged(let list): return .jagged(JaggedColumn(offsets: list.offsets, values: map(list.values, f)))
        }
    }

    static func unary(_ operation: ExpressionPlan.UnaryOperation, _ a: Value) -> Value {
        switch operation {
        case .negate: return map(a) { -$0 }
        case .not: return map(a) { $0 > 0 ? 0 : 1 }
        case .abs: return map(a) { Swift.abs($0) }
        case .sqrt: return map(a) { $0.squareRoot() }
        case .exp: return map(a) { Foundation.exp($0) }
        case .log: return map(a) { Foundation.log($0) }
        case .sin: return map(a) { Foundation.sin($0) }
        case .cos: return map(a) { Foundation.cos($0) }
        case .tan: return map(a) { Foundation.tan($0) }
        case .sinh: return map(a) { Foundation.sinh($0) }
        case .cosh: return map(a) { Foundation.cosh($0) }
        case .tanh: return map(a) { Foundation.tanh($0) }
        }
    }

    @inline(__always)
    static func zip(_ a: [Double], _ b: [Double], _ f: (Double, Double) -> Double) -> [Double] {
        [Double](unsafeUninitializedCapacity: a.count) { out, count in
            a.withUnsafeBufferPointer { x in
                b.withUnsafeBufferPointer { y in
                    for i in 0..<x.count { out[i] = f(x[i], y[i]) }
                }
            }
            count = a.count
        }
    }

    /// `f(value per event, each element)` over a list: the per-event value is broadcast.
    @inline(__always)
    static func broadcast(
        _ s: [Double], _ list: JaggedColumn, scalarFirst: Bool, _ f: (Double, Double) -> Double
    ) -> [Double] {
        [Double](unsafeUninitializedCapacity: list.values.count) { out, count in
            s.withUnsafeBufferPointer { s in
                list.values.withUnsafeBufferPointer { v in
                    list.offsets.withUnsafeBufferPointer { o in
                        for e in 0..<s.count {
                            let x = s[e]
                            for k in o[e]..<o[e + 1] { out[k] = scalarFirst ? f(x, v[k]) : f(v[k], x) }
                        }
                    }
                }
            }
            count = list.values.count
        }
    }

    @inline(__always)
    func apply(_ a: Value, _ b: Value, _ f: (Double, Double) -> Double) throws(ExpressionError) -> Value {
        switch (a, b) {
        case (.constant(let x), .constant(let y)): return .constant(f(x, y))
        case (.constant(let x), .scalar(let v)): return .scalar(Self.map(v) { f(x, $0) })
        case (.scalar(let v), .constant(let y)): return .scalar(Self.map(v) { f($0, y) })
        case (.scalar(let v), .scalar(let w)): return .scalar(Self.zip(v, w, f))
        case (.constant(let x), .jagged(let l)):
            return .jagged(JaggedColumn(offsets: l.offsets, values: Self.map(l.values) { f(x, $0) }))
        case (.jagged(let l), .constant(let y)):
            return .jagged(JaggedColumn(offsets: l.offsets, values: Self.map(l.values) { f($0, y) }))
        case (.scalar(let v), .jagged(let l)):
            return .jagged(JaggedColumn(offsets: l.offsets, values: Self.broadcast(v, l, scalarFirst: true, f)))
        case (.jagged(let l), .scalar(let w)):
            return .jagged(JaggedColumn(offsets: l.offsets, values: Self.broadcast(w, l, scalarFirst: false, f)))
        case (.jagged(let l), .jagged(let m)):
            let offsets = try sharedOffsets(l, m)
            return .jagged(JaggedColumn(offsets: offsets, values: Self.zip(l.values, m.values, f)))
        }
    }

    func binary(_ operation: ExpressionPlan.BinaryOperation, _ a: Value, _ b: Value) throws(ExpressionError) -> Value {
        switch operation {
        case .add: return try apply(a, b) { $0 + $1 }
        case .subtract: return try apply(a, b) { $0 - $1 }
        case .multiply: return try apply(a, b) { $0 * $1 }
        case .divide: return try apply(a, b) { $0 / $1 }
        case .less: return try apply(a, b) { $0 < $1 ? 1 : 0 }
        case .lessEqual: return try apply(a, b) { $0 <= $1 ? 1 : 0 }
        case .greater: return try apply(a, b) { $0 > $1 ? 1 : 0 }
        case .greaterEqual: return try apply(a, b) { $0 >= $1 ? 1 : 0 }
        case .equal: return try apply(a, b) { $0 == $1 ? 1 : 0 }
        case .notEqual: return try apply(a, b) { $0 != $1 ? 1 : 0 }
        case .and: return try apply(a, b) { $0 > 0 && $1 > 0 ? 1 : 0 }
        case .or: return try apply(a, b) { $0 > 0 || $1 > 0 ? 1 : 0 }
        case .atan2: return try apply(a, b) { Foundation.atan2($0, $1) }
        case .pow: return try apply(a, b) { Foundation.pow($0, $1) }
        // NaN wins, as numpy's minimum and maximum do.
        case .min: return try apply(a, b) { $0 <= $1 || $0.isNaN ? $0 : $1 }
        case .max: return try apply(a, b) { $0 >= $1 || $0.isNaN ? $0 : $1 }
        }
    }
}
