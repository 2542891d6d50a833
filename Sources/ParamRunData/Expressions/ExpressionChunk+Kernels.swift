/// The element-wise loops, each specialised for one kernel type.
extension ExpressionChunk {
    static func map<K: UnaryKernel>(_ values: [Double], _: K.Type) -> [Double] {
        [Double](unsafeUninitializedCapacity: values.count) { out, count in
            values.withUnsafeBufferPointer { v in
                for i in 0..<v.count { out[i] = K.apply(v[i]) }
            }
            count = values.count
        }
    }

    static func map<K: UnaryKernel>(_ value: Value, _ kernel: K.Type) -> Value {
        switch value {
        case .constant(let x): return .constant(K.apply(x))
        case .scalar(let values): return .scalar(map(values, kernel))
        case .jagged(let list): return .jagged(JaggedColumn(offsets: list.offsets, values: map(list.values, kernel)))
        }
    }

    static func unary(_ operation: ExpressionPlan.UnaryOperation, _ a: Value) -> Value {
        switch operation {
        case .negate: return map(a, Kernels.Negate.self)
        case .not: return map(a, Kernels.Not.self)
        case .abs: return map(a, Kernels.Abs.self)
        case .sqrt: return map(a, Kernels.Sqrt.self)
        case .exp: return map(a, Kernels.Exp.self)
        case .log: return map(a, Kernels.Log.self)
        case .sin: return map(a, Kernels.Sin.self)
        case .cos: return map(a, Kernels.Cos.self)
        case .tan: return map(a, Kernels.Tan.self)
        case .sinh: return map(a, Kernels.Sinh.self)
        case .cosh: return map(a, Kernels.Cosh.self)
        case .tanh: return map(a, Kernels.Tanh.self)
        }
    }

    /// `K(a[i], b[i])`; a nil side is the constant `x` (left) or `y` (right).
    static func zip<K: BinaryKernel>(
        _ a: [Double]?, _ x: Double, _ b: [Double]?, _ y: Double, count: Int, _: K.Type
    ) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { out, written in
            switch (a, b) {
            case (let a?, let b?):
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in for i in 0..<count { out[i] = K.apply(a[i], b[i]) } }
                }
            case (let a?, nil):
                a.withUnsafeBufferPointer { a in for i in 0..<count { out[i] = K.apply(a[i], y) } }
            case (nil, let b?):
                b.withUnsafeBufferPointer { b in for i in 0..<count { out[i] = K.apply(x, b[i]) } }
            case (nil, nil):
                for i in 0..<count { out[i] = K.apply(x, y) }
            }
            written = count
        }
    }

    /// `K(value per event, each element)` over a list (or the reverse): the per-event value is broadcast.
    static func broadcast<K: BinaryKernel>(_ s: [Double], _ list: JaggedColumn, scalarFirst: Bool, _: K.Type)
        -> [Double]
    {
        [Double](unsafeUninitializedCapacity: list.values.count) { out, count in
            s.withUnsafeBufferPointer { s in
                list.values.withUnsafeBufferPointer { v in
                    list.offsets.withUnsafeBufferPointer { o in
                        for e in 0..<s.count {
                            let x = s[e]
                            if scalarFirst {
                                for k in o[e]..<o[e + 1] { out[k] = K.apply(x, v[k]) }
                            } else {
                                for k in o[e]..<o[e + 1] { out[k] = K.apply(v[k], x) }
                            }
                        }
                    }
                }
            }
            count = list.values.count
        }
    }

    func apply<K: BinaryKernel>(_ a: Value, _ b: Value, _ kernel: K.Type) throws(ExpressionError) -> Value {
        switch (a, b) {
        case (.constant(let x), .constant(let y)): return .constant(K.apply(x, y))
        case (.constant(let x), .scalar(let v)): return .scalar(Self.zip(nil, x, v, 0, count: v.count, kernel))
        case (.scalar(let v), .constant(let y)): return .scalar(Self.zip(v, 0, nil, y, count: v.count, kernel))
        case (.scalar(let v), .scalar(let w)): return .scalar(Self.zip(v, 0, w, 0, count: v.count, kernel))
        case (.constant(let x), .jagged(let l)):
            let values = Self.zip(nil, x, l.values, 0, count: l.values.count, kernel)
            return .jagged(JaggedColumn(offsets: l.offsets, values: values))
        case (.jagged(let l), .constant(let y)):
            let values = Self.zip(l.values, 0, nil, y, count: l.values.count, kernel)
            return .jagged(JaggedColumn(offsets: l.offsets, values: values))
        case (.scalar(let v), .jagged(let l)):
            return .jagged(JaggedColumn(offsets: l.offsets, values: Self.broadcast(v, l, scalarFirst: true, kernel)))
        case (.jagged(let l), .scalar(let w)):
            return .jagged(JaggedColumn(offsets: l.offsets, values: Self.broadcast(w, l, scalarFirst: false, kernel)))
        case (.jagged(let l), .jagged(let m)):
            let offsets = try sharedOffsets(l, m)
            return .jagged(
                JaggedColumn(
                    offsets: offsets, values: Self.zip(l.values, 0, m.values, 0, count: l.values.count, kernel)))
        }
    }

    func binary(_ operation: ExpressionPlan.BinaryOperation, _ a: Value, _ b: Value) throws(ExpressionError) -> Value {
        switch operation {
        case .add: return try apply(a, b, Kernels.Add.self)
        case .subtract: return try apply(a, b, Kernels.Subtract.self)
        case .multiply: return try apply(a, b, Kernels.Multiply.self)
        case .divide: return try apply(a, b, Kernels.Divide.self)
        case .less: return try apply(a, b, Kernels.Less.self)
        case .lessEqual: return try apply(a, b, Kernels.LessEqual.self)
        case .greater: return try apply(a, b, Kernels.Greater.self)
        case .greaterEqual: return try apply(a, b, Kernels.GreaterEqual.self)
        case .equal: return try apply(a, b, Kernels.Equal.self)
        case .notEqual: return try apply(a, b, Kernels.NotEqual.self)
        case .and: return try apply(a, b, Kernels.And.self)
        case .or: return try apply(a, b, Kernels.Or.self)
        case .atan2: return try apply(a, b, Kernels.Atan2.self)
        case .pow: return try apply(a, b, Kernels.Pow.self)
        case .min: return try apply(a, b, Kernels.Min.self)
        case .max: return try apply(a, b, Kernels.Max.self)
        }
    }
}
