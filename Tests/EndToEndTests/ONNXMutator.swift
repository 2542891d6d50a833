import ParamRunSupport

/// Seeded mutations of an ONNX file, at the byte level (bit flips, truncations, a varint or a
/// length prefix rewritten in place) and at the protobuf level, re-encoded with every enclosing
/// length fixed so that the mutant reaches the importer's graph checks: dims changed or made
/// symbolic, attributes changed, added or dropped, initializer values made NaN, infinite or huge.
///
/// The file is taken apart by a generic protobuf walker that knows no ONNX schema: a
/// length-delimited field that parses as a message is treated as one. Paths below are ONNX's
/// field numbers (ModelProto.graph = 7, GraphProto.node = 1, initializer = 5, input = 11, …).
enum ONNXMutator {
    indirect enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes([UInt8])
        case message([Field])
    }

    struct Field {
        var number: Int
        var value: Value
    }

    /// One mutant of `seed`: one or two mutations, drawn from `random`.
    static func mutate(_ seed: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        for _ in 0..<(1 + random.nextIndex(below: 2)) {
            switch random.nextIndex(below: 8) {
            case 0: bytes = flipBits(bytes, using: &random)
            case 1: bytes = Array(bytes.prefix(random.nextIndex(below: max(1, bytes.count))))
            case 2: bytes = corruptLengthPrefix(bytes, using: &random)
            case 3, 4:
                guard var fields = parse(bytes[...], depth: 0) else { return bytes }
                mutateGraph(&fields, using: &random)
                bytes = encode(fields)
            default:
                guard var fields = parse(bytes[...], depth: 0) else { return bytes }
                mutateTree(&fields, using: &random)
                bytes = encode(fields)
            }
        }
        return bytes
    }

    /// One of the edits the issue names, made where it means something: an alpha or beta attribute
    /// added to a node, the graph input's width made symbolic, an initializer's dims or values changed.
    static func mutateGraph(_ fields: inout [Field], using random: inout SeededGenerator) {
        guard let g = fields.firstIndex(where: { $0.number == 7 }), case .message(var graph) = fields[g].value else {
            return
        }
        let nodes = graph.indices.filter { graph[$0].number == 1 }
        let initializers = graph.indices.filter { graph[$0].number == 5 }
        switch random.nextIndex(below: 4) {
        case 0:
            guard let n = nodes.randomElement(using: &random), case .message(var node) = graph[n].value else { return }
            let name = ["alpha", "beta"][random.nextIndex(below: 2)]
            let value = floats[random.nextIndex(below: floats.count)]
            node.append(
                Field(
                    number: 5,
                    value: .message([
                        Field(number: 1, value: .bytes(Array(name.utf8))),
                        Field(number: 2, value: .fixed32(value.bitPattern)),
                        Field(number: 20, value: .varint(1))
                    ])))
            graph[n].value = .message(node)
        case 1:
            // graph.input[0].type.tensor_type.shape.dim[1]: dim_value d becomes dim_param "d".
            guard let i = graph.firstIndex(where: { $0.number == 11 }) else { return }
            graph[i].value = symbolicWidth(graph[i].value)
        default:
            // dims (field 1) changed, or a value of raw_data (field 9) made NaN, infinite or huge.
            let number = random.nextIndex(below: 2) == 0 ? 1 : 9
            guard let t = initializers.randomElement(using: &random), case .message(var tensor) = graph[t].value,
                let d = tensor.firstIndex(where: { $0.number == number })
            else { return }
            if case .bytes(let bytes) = tensor[d].value { tensor[d].value = .bytes(mutateBytes(bytes, using: &random)) }
            graph[t].value = .message(tensor)
        }
        fields[g].value = .message(graph)
    }

    /// A ValueInfoProto whose second shape dimension is made symbolic.
    static func symbolicWidth(_ value: Value) -> Value {
        func descend(_ value: Value, _ path: ArraySlice<Int>) -> Value {
            guard case .message(var inner) = value else { return value }
            guard let number = path.first else { return value }
            let matches = inner.indices.filter { inner[$0].number == number }
            // The shape's dims: the second; elsewhere the first field of that number.
            guard let i = number == 1 && path.count == 1 ? matches.dropFirst().first : matches.first else {
                return value
            }
            inner[i].value =
                path.count == 1
                ? .message([Field(number: 2, value: .bytes(Array("d".utf8)))])
                : descend(inner[i].value, path.dropFirst())
            return .message(inner)
        }
        return descend(value, [2, 1, 2, 1][...])
    }

    static func flipBits(_ bytes: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        var out = bytes
        for _ in 0..<(1 + random.nextIndex(below: 3)) {
            out[random.nextIndex(below: out.count)] ^= UInt8(1) << random.nextIndex(below: 8)
        }
        return out
    }

    /// A length prefix of some length-delimited field rewritten, leaving everything else as it was.
    static func corruptLengthPrefix(_ bytes: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var prefixes: [(offset: Int, size: Int, length: UInt64)] = []
        collectLengthPrefixes(bytes[...], into: &prefixes, depth: 0)
        guard !prefixes.isEmpty else { return bytes }
        let p = prefixes[random.nextIndex(below: prefixes.count)]
        let choices: [UInt64] = [0, p.length + 1, p.length &- 1, p.length * 2, 1 << 31, UInt64(Int64.max), .max]
        var out = bytes
        out.replaceSubrange(
            p.offset..<(p.offset + p.size), with: varint(choices[random.nextIndex(below: choices.count)]))
        return out
    }

    static func collectLengthPrefixes(
        _ bytes: ArraySlice<UInt8>, into prefixes: inout [(offset: Int, size: Int, length: UInt64)], depth: Int
    ) {
        var p = bytes.startIndex
        while p < bytes.endIndex, let (tag, afterTag) = readVarint(bytes, at: p) {
            guard tag & 7 == 2, let (length, start) = readVarint(bytes, at: afterTag),
                length <= UInt64(bytes.endIndex - start)
            else {
                guard let next = skip(bytes, wireType: Int(tag & 7), at: afterTag) else { return }
                p = next
                continue
            }
            prefixes.append((afterTag, start - afterTag, length))
            let content = bytes[start..<(start + Int(length))]
            if depth < 8, parse(content, depth: depth + 1) != nil {
                collectLengthPrefixes(content, into: &prefixes, depth: depth + 1)
            }
            p = start + Int(length)
        }
    }

    // MARK: protobuf-level mutations

    /// Interesting values for a varint and for a float.
    static let varints: [UInt64] = [0, 1, 2, 3, 7, 255, 1 << 31, 1 << 32 + 1, UInt64(Int64.max), .max]
    static let floats: [Float] = [.nan, .infinity, -.infinity, 3e38, -1e30, 0, -1, .leastNonzeroMagnitude]

    static func mutateTree(_ fields: inout [Field], using random: inout SeededGenerator) {
        var paths: [[Int]] = []
        collectPaths(fields, prefix: [], into: &paths)
        guard !paths.isEmpty else { return }
        // Half the time, aim at the parts the issue names: dims, attributes, initializer values.
        let targeted = paths.filter { path in
            let numbers = path.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            return numbers.starts(with: [7, 5]) || numbers.starts(with: [7, 1, 5]) || numbers.starts(with: [7, 11])
                || numbers.starts(with: [7, 12])
        }
        let pool = !targeted.isEmpty && random.nextIndex(below: 2) == 0 ? targeted : paths
        edit(&fields, at: pool[random.nextIndex(below: pool.count)][...], using: &random)
    }

    /// Every field's path: pairs of (field number, index among the message's fields).
    static func collectPaths(_ fields: [Field], prefix: [Int], into paths: inout [[Int]]) {
        for (i, field) in fields.enumerated() {
            let path = prefix + [field.number, i]
            paths.append(path)
            if case .message(let inner) = field.value { collectPaths(inner, prefix: path, into: &paths) }
        }
    }

    /// Mutates the field at `path` among its siblings: drops, duplicates, renumbers or changes it.
    static func edit(_ fields: inout [Field], at path: ArraySlice<Int>, using random: inout SeededGenerator) {
        let index = path[path.startIndex + 1]
        guard index < fields.count else { return }
        guard path.count == 2 else {
            guard case .message(var inner) = fields[index].value else { return }
            edit(&inner, at: path.dropFirst(2), using: &random)
            fields[index].value = .message(inner)
            return
        }
        switch random.nextIndex(below: 10) {
        case 0: fields.remove(at: index) // an attribute, a node, a dim, an initializer
        case 1: fields.insert(fields[index], at: index)
        case 2: fields[index].number = [1, 2, 3, 5, 20][random.nextIndex(below: 5)] // dim_value ↔ dim_param
        default: fields[index].value = mutateValue(fields[index].value, using: &random)
        }
    }

    static func mutateValue(_ value: Value, using random: inout SeededGenerator) -> Value {
        switch value {
        case .varint(let v):
            let choice = varints[random.nextIndex(below: varints.count)]
            return .varint(random.nextIndex(below: 3) == 0 ? v &+ 1 : choice)
        case .fixed32:
            return .fixed32(floats[random.nextIndex(below: floats.count)].bitPattern)
        case .fixed64(let v):
            return .fixed64(v ^ (1 << UInt64(random.nextIndex(below: 64))))
        case .bytes(let b):
            return .bytes(mutateBytes(b, using: &random))
        case .message(let inner):
            var fields = inner
            if !fields.isEmpty { fields.remove(at: random.nextIndex(below: fields.count)) }
            return .message(fields)
        }
    }

    /// A bytes field: packed dims get one value changed, added or dropped; raw float data one
    /// value made NaN, infinite or huge; a name a letter changed, or it is emptied.
    static func mutateBytes(_ b: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        guard !b.isEmpty else { return Array("d".utf8) }
        if b.count % 4 == 0, b.count >= 8, random.nextIndex(below: 4) > 0 {
            var out = b
            let at = 4 * random.nextIndex(below: b.count / 4)
            let f = floats[random.nextIndex(below: floats.count)].bitPattern
            for k in 0..<4 { out[at + k] = UInt8(truncatingIfNeeded: f >> (8 * UInt32(k))) }
            return out
        }
        if var values = packedVarints(b), !values.isEmpty {
            let i = random.nextIndex(below: values.count)
            switch random.nextIndex(below: 5) {
            case 0: values.remove(at: i)
            case 4: values.reverse() // the same element count in another shape
            case 1: values.append(values[i])
            case 2: values[i] = values[i] &+ 1
            default: values[i] = varints[random.nextIndex(below: varints.count)]
            }
            return values.flatMap(varint)
        }
        var out = b
        out[random.nextIndex(below: out.count)] = UInt8(ascii: "x")
        return random.nextIndex(below: 4) == 0 ? [] : out
    }
}
