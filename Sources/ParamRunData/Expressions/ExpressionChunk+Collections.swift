/// Elements, masks and reductions: one pass over a list column's offsets each.
extension ExpressionChunk {
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
            for k in 0..<c.count { kept += c[k] > 0 ? 1 : 0 }
        }
        var offsets = [Int](repeating: 0, count: n + 1)
        // One slot past the kept ones: every element is written, and the next overwrites it
        // unless it was kept, so the loop has no branch on the condition.
        var values = [Double](unsafeUninitializedCapacity: kept + 1) { out, count in
            offsets.withUnsafeMutableBufferPointer { newOffsets in
                list.offsets.withUnsafeBufferPointer { o in
                    list.values.withUnsafeBufferPointer { v in
                        condition.values.withUnsafeBufferPointer { c in
                            var j = 0
                            for e in 0..<n {
                                for k in o[e]..<o[e + 1] {
                                    out[j] = v[k]
                                    j += c[k] > 0 ? 1 : 0
                                }
                                newOffsets[e + 1] = j
                            }
                        }
                    }
                }
            }
            count = kept + 1
        }
        values.removeLast()
        return .jagged(JaggedColumn(offsets: offsets, values: values))
    }

    /// One value per event from its list; an empty list's min, max and mean take the fallback (or NaN).
    func reduce(
        _ reduction: ExpressionPlan.Reduction, _ listValue: Value, _ fallbackValue: Value?
    ) throws(ExpressionError) -> Value {
        let list = try list(listValue)
        let fallback = Self.perEvent(fallbackValue)
        let n = list.eventCount
        var out = [Double](unsafeUninitializedCapacity: n) { out, count in
            list.offsets.withUnsafeBufferPointer { o in
                list.values.withUnsafeBufferPointer { v in
                    switch reduction {
                    case .sum, .mean: Self.sums(o, v, into: out, mean: reduction == .mean)
                    case .min: Self.extremes(o, v, into: out, Kernels.Min.self)
                    case .max: Self.extremes(o, v, into: out, Kernels.Max.self)
                    case .count, .len: for e in 0..<n { out[e] = Double(o[e + 1] - o[e]) }
                    case .countTrue, .any, .all: Self.truths(o, v, into: out, reduction)
                    }
                }
            }
            count = n
        }
        if reduction == .min || reduction == .max || reduction == .mean {
            // An empty list: NaN so far; the fallback replaces it, and only there.
            list.offsets.withUnsafeBufferPointer { o in
                for e in 0..<n where o[e] == o[e + 1] { out[e] = fallback.values?[e] ?? fallback.constant }
            }
        }
        return .scalar(out)
    }

    /// Each list's sum in its order (so the bits match a loop over the elements), or its mean; NaN when empty.
    static func sums(
        _ o: UnsafeBufferPointer<Int>, _ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>,
        mean: Bool
    ) {
        for e in 0..<out.count {
            let start = o[e], end = o[e + 1]
            var total = 0.0
            for k in start..<end { total += v[k] }
            out[e] = mean ? (start == end ? .nan : total / Double(end - start)) : total
        }
    }

    /// Each list's smallest or largest element (NaN wins); NaN when empty.
    static func extremes<K: BinaryKernel>(
        _ o: UnsafeBufferPointer<Int>, _ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>,
        _: K.Type
    ) {
        for e in 0..<out.count {
            let start = o[e], end = o[e + 1]
            guard start < end else {
                out[e] = .nan
                continue
            }
            var best = v[start]
            for k in start + 1..<end { best = K.apply(best, v[k]) }
            out[e] = best
        }
    }

    /// How many of each list's conditions hold, or whether any or all do.
    static func truths(
        _ o: UnsafeBufferPointer<Int>, _ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>,
        _ reduction: ExpressionPlan.Reduction
    ) {
        for e in 0..<out.count {
            let start = o[e], end = o[e + 1]
            var held = 0
            for k in start..<end { held += v[k] > 0 ? 1 : 0 }
            switch reduction {
            case .any: out[e] = held > 0 ? 1 : 0
            case .all: out[e] = held == end - start ? 1 : 0
            default: out[e] = Double(held)
            }
        }
    }
}
