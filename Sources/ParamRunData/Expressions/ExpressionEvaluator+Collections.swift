/// Elements, masks and reductions: one pass over a list column's offsets each.
extension ExpressionEvaluator {
    func list(_ value: Value) throws(ExpressionError) -> JaggedColumn {
        guard case .jagged(let list) = value else {
            throw ExpressionError(.evaluation, in: text, at: 1, "expected a list per event")
        }
        return list
    }

    /// Element `index` of each event's list; the fallback (or NaN) where there is none, or where
    /// the index is negative or not a whole number.
    func element(_ listValue: Value, _ indexValue: Value, _ fallbackValue: Value?) throws(ExpressionError) -> Value {
        let list = try list(listValue)
        let index = Self.perEvent(indexValue)
        let fallback = Self.perEvent(fallbackValue)
        let n = list.eventCount
        let out = [Double](unsafeUninitializedCapacity: n) { out, count in
            list.offsets.withUnsafeBufferPointer { o in
                list.values.withUnsafeBufferPointer { v in
                    for e in 0..<n {
                        let i = index.values?[e] ?? index.constant
                        let start = o[e]
                        if i >= 0, i < Double(o[e + 1] - start), i.rounded(.towardZero) == i {
                            out[e] = v[start + Int(i)]
                        } else {
                            out[e] = fallback.values?[e] ?? fallback.constant
                        }
                    }
                }
            }
            count = n
        }
        return .scalar(out)
    }

    /// The elements whose condition holds, each event's in order.
    func mask(_ listValue: Value, _ conditionValue: Value) throws(ExpressionError) -> Value {
        let list = try list(listValue)
        let condition = try self.list(conditionValue)
        _ = try sharedOffsets(list, condition)
        let n = list.eventCount
        var kept = 0
        condition.values.withUnsafeBufferPointer { c in
            for k in 0..<c.count where c[k] > 0 { kept += 1 }
        }
        var offsets = [Int](repeating: 0, count: n + 1)
        let values = [Double](unsafeUninitializedCapacity: kept) { out, count in
            offsets.withUnsafeMutableBufferPointer { newOffsets in
                list.offsets.withUnsafeBufferPointer { o in
                    list.values.withUnsafeBufferPointer { v in
                        condition.values.withUnsafeBufferPointer { c in
                            var j = 0
                            for e in 0..<n {
                                for k in o[e]..<o[e + 1] where c[k] > 0 {
                                    out[j] = v[k]
                                    j += 1
                                }
                                newOffsets[e + 1] = j
                            }
                        }
                    }
                }
            }
            count = kept
        }
        return .jagged(JaggedColumn(offsets: offsets, values: values))
    }

    @inline(__always)
    static func fold(
        _ list: JaggedColumn, empty: (Int) -> Double, _ f: (UnsafeBufferPointer<Double>) -> Double
    ) -> [Double] {
        let n = list.eventCount
        return [Double](unsafeUninitializedCapacity: n) { out, count in
            list.offsets.withUnsafeBufferPointer { o in
                list.values.withUnsafeBufferPointer { v in
                    for e in 0..<n {
                        let start = o[e], end = o[e + 1]
                        out[e] = start == end ? empty(e) : f(UnsafeBufferPointer(rebasing: v[start..<end]))
                    }
                }
            }
            count = n
        }
    }

    /// One value per event from its list; an empty list's min, max and mean take the fallback (or NaN).
    func reduce(
        _ reduction: ExpressionPlan.Reduction, _ listValue: Value, _ fallbackValue: Value?
    ) throws(ExpressionError) -> Value {
        let list = try list(listValue)
        let fallback = Self.perEvent(fallbackValue)
        let missing: (Int) -> Double = { fallback.values?[$0] ?? fallback.constant }
        let result: [Double]
        switch reduction {
        case .sum: result = Self.fold(list, empty: { _ in 0 }) { Self.sum($0) }
        case .mean: result = Self.fold(list, empty: missing) { Self.sum($0) / Double($0.count) }
        case .min: result = Self.fold(list, empty: missing) { $0.reduce($0[0]) { $0 <= $1 || $0.isNaN ? $0 : $1 } }
        case .max: result = Self.fold(list, empty: missing) { $0.reduce($0[0]) { $0 >= $1 || $0.isNaN ? $0 : $1 } }
        case .count, .len: result = Self.fold(list, empty: { _ in 0 }) { Double($0.count) }
        case .countTrue: result = Self.fold(list, empty: { _ in 0 }) { Double($0.reduce(0) { $1 > 0 ? $0 + 1 : $0 }) }
        case .any: result = Self.fold(list, empty: { _ in 0 }) { $0.contains { $0 > 0 } ? 1 : 0 }
        case .all: result = Self.fold(list, empty: { _ in 1 }) { $0.allSatisfy { $0 > 0 } ? 1 : 0 }
        }
        return .scalar(result)
    }

    /// A list's sum in its order, so the bits match a loop over the elements.
    @inline(__always)
    static func sum(_ values: UnsafeBufferPointer<Double>) -> Double {
        var total = 0.0
        for x in values { total += x }
        return total
    }
}
