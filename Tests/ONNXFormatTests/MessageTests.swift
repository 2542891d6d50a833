import Testing
@testable import ONNXFormat

/// The ONNX messages: golden bytes, round trips, and skipping of fields they do not model.
struct MessageTests {
    @Test func opsetImportMatchesHandComputedBytes() {
        // domain "" (0A 00) then version 13 (10 0D).
        #expect(OperatorSetIdProto(domain: "", version: 13).serialized == [0x0A, 0x00, 0x10, 0x0D])
    }

    @Test func rawDataIsLittleEndianIEEE754() {
        let t = TensorProto(name: "w", dims: [2], floats: [1, -2])
        #expect(t.rawData == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0])
        // dims packed (0A 01 02), data_type FLOAT (10 01), name (42 01 77), raw_data (4A 08 …).
        #expect(
            t.serialized == [
                0x0A, 0x01, 0x02, 0x10, 0x01, 0x42, 0x01, 0x77, 0x4A, 0x08,
                0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0
            ])
    }

    @Test func everyMessageRoundTrips() throws {
        var attribute = AttributeProto(name: "alpha", float: 0.2)
        attribute.docString = "slope"
        var ints = AttributeProto()
        ints.name = "perm"
        ints.type = AttributeProto.Kind.ints.rawValue
        ints.ints = [1, 0, -3]
        var floats = AttributeProto()
        floats.name = "scales"
        floats.type = AttributeProto.Kind.floats.rawValue
        floats.floats = [0.5, 2]
        var text = AttributeProto()
        text.name = "mode"
        text.type = AttributeProto.Kind.string.rawValue
        text.s = Array("constant".utf8)
        let node = NodeProto(
            name: "n", opType: "LeakyRelu", input: ["a", ""], output: ["b"], attribute: [attribute, ints, floats, text])
        #expect(try NodeProto(serialized: node.serialized) == node)

        var tensor = TensorProto()
        tensor.name = "c"
        tensor.dims = [1, 3]
        tensor.dataType = TensorProto.floatType
        tensor.floatData = [1, 2, 3]
        tensor.docString = "bias"
        #expect(try TensorProto(serialized: tensor.serialized) == tensor)

        let shape = TensorShapeProto(dims: [.init(param: "N"), .init(value: 7)])
        let info = ValueInfoProto(name: "x", type: TypeProto(tensorType: .init(elemType: 1, shape: shape)))
        #expect(try ValueInfoProto(serialized: info.serialized) == info)

        var graph = GraphProto()
        graph.name = "g"
        graph.node = [node]
        graph.initializer = [tensor, TensorProto(name: "w", dims: [3], floats: [4, 5, 6])]
        graph.input = [info]
        graph.output = [info]
        graph.valueInfo = [info]
        graph.docString = "d"
        var model = ModelProto()
        model.irVersion = 7
        model.opsetImport = [
            OperatorSetIdProto(domain: "", version: 13), OperatorSetIdProto(domain: "ai.onnx.ml", version: 3)
        ]
        model.producerName = "paramrun"
        model.producerVersion = "1"
        model.domain = "org.example"
        model.modelVersion = 4
        model.docString = "doc"
        model.graph = graph
        model.metadataProps = [StringStringEntryProto(key: "k", value: "v")]
        #expect(try ModelProto(serialized: model.serialized) == model)
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        func unknowns(_ w: inout ProtobufWriter) {
            w.writeInt(99, 123_456_789) // varint
            w.writeDouble(98, 1.25) // 64-bit
            w.writeString(97, "ignored") // length-delimited
            w.writeFloat(96, 3) // 32-bit
            w.writePackedInts(95, [1, 2, 3]) // a packed run
        }
        let expected = NodeProto(name: "relu", opType: "Relu", input: ["x"], output: ["y"])
        var node = ProtobufWriter()
        unknowns(&node)
        node.writeString(1, "x")
        unknowns(&node)
        node.writeString(2, "y")
        node.writeString(3, "relu")
        node.writeString(4, "Relu")
        unknowns(&node)

        var graph = ProtobufWriter()
        graph.writeMessage(1, node)
        unknowns(&graph)
        graph.writeString(2, "g")
        var model = ProtobufWriter()
        unknowns(&model)
        model.writeInt(1, 7)
        model.writeMessage(7, graph)
        model.writeInt(20, 0) // training_info, not modelled, given the wrong wire type: skipped anyway

        let decoded = try ModelProto(serialized: model.bytes)
        #expect(decoded.irVersion == 7)
        #expect(decoded.graph?.name == "g")
        #expect(decoded.graph?.node == [expected])
    }

    @Test func aKnownFieldWithTheWrongWireTypeIsMalformed() {
        var w = ProtobufWriter()
        w.writeFloat(1, 7) // ir_version must be a varint
        #expect(throws: ProtobufError(offset: 1, reason: "ModelProto field 1 has wire type 5, expected 0")) {
            try ModelProto(serialized: w.bytes)
        }
    }

    @Test func laterDimensionOneofFieldReplacesTheEarlier() throws {
        var w = ProtobufWriter()
        w.writeInt(1, 5)
        w.writeString(2, "N")
        let d = try TensorShapeProto.Dimension(serialized: w.bytes)
        #expect(d.value == nil && d.param == "N")
    }
}
