/// Reading jagged branches: counted arrays (`Jet_pt[nJet]`), fixed-size arrays (`T[N]`) and `std::vector<T>`.
extension ROOTTree {
    /// Reads every entry of a jagged branch (``ROOTBranchInfo/isJagged``) as offsets and values, after
    /// checking its counts against ``ROOTLimits``. A counted array's counter branch is read too, and every
    /// entry's length must equal its counter's value.
    ///
    /// - Throws: ``ROOTError`` naming the file, tree and branch: `.notFound` for an unknown name,
    ///   `.unsupported` for a flat branch (read it with ``read(branch:)``) or one this reader cannot decode
    ///   (nested vectors, strings, objects), `.corrupt` when sizes, offsets or counters disagree.
    public func readJagged(branch name: String) throws -> ROOTJaggedColumn {
        var counters: [String: [Int]] = [:]
        return try readJagged(branch: name, counters: &counters)
    }

    /// Reads several jagged branches as ``readJagged(branch:)`` does, in the order given, reading each counter
    /// branch once for all the arrays it counts (NanoAOD's `Jet_*` share `nJet`).
    /// - Throws: the first ``ROOTError`` any of them gives.
    public func readJagged(branches names: [String]) throws -> [ROOTJaggedColumn] {
        var counters: [String: [Int]] = [:]
        return try names.map { try readJagged(branch: $0, counters: &counters) }
    }

    private func readJagged(branch name: String, counters: inout [String: [Int]]) throws -> ROOTJaggedColumn {
        let layout = try jaggedLayout(name)
        guard let shape = layout.info.shape, let element = layout.info.elementType else {
            throw ROOTError(
                .unsupported, file: source.path, tree: path, branch: name,
                layout.info.unsupportedReason ?? "not a jagged branch")
        }
        guard shape.isJagged else {
            throw ROOTError(
                .unsupported, file: source.path, tree: path, branch: name,
                "a flat branch (\(layout.info.typeName), one value per entry) is read with read(branch:)")
        }
        do {
            try Self.checkJagged(layout, treeEntries: entries, source: source)
            var counts: [Int]? = nil
            if case .counted(let counter) = shape {
                let known = try counters[counter] ?? counterValues(counter)
                counters[counter] = known
                counts = known
            }
            return try JaggedReader(layout: layout, element: element, shape: shape, counts: counts, source: source)
                .column()
        } catch let e as ROOTError {
            throw e.with(tree: path, branch: name)
        }
    }

    private func jaggedLayout(_ name: String) throws -> BranchLayout {
        guard let layout = layouts.first(where: { $0.info.name == name }) else {
            throw ROOTError(
                .notFound, file: source.path, tree: path, branch: name,
                "no such branch; the tree has: \(layouts.map(\.info.name).joined(separator: ", "))")
        }
        return layout
    }

    /// The counter branch's values as counts: a flat integer branch of this tree.
    private func counterValues(_ counter: String) throws -> [Int] {
        guard let info = layouts.first(where: { $0.info.name == counter })?.info else {
            throw ROOTError(
                .unsupported, file: source.path, tree: path,
                "its counter '\(counter)' is not a top-level branch of the tree")
        }
        guard let type = info.type, type != .float, type != .double, type != .bool else {
            throw ROOTError(
                .unsupported, file: source.path, tree: path,
                "its counter branch '\(counter)' (\(info.typeName)) is not a flat integer branch")
        }
        let column: ROOTColumn
        do {
            column = try read(branch: counter)
        } catch let e as ROOTError {
            throw ROOTError(
                e.kind, file: e.file, tree: path, offset: e.offset, "counter branch '\(counter)': \(e.message)")
        }
        if case .uint64(let a) = column, let big = a.first(where: { $0 > UInt64(Int.max) }) {
            throw ROOTError(.corrupt, file: source.path, tree: path, "its counter '\(counter)' holds \(big)")
        }
        return column.asIntegers
    }

    /// The checks a jagged branch passes from the tree record alone, before any basket is read: it holds the
    /// tree's entries, whose offsets fit ``ROOTLimits/maxColumnBytes``, and its baskets tile them, each entry
    /// taking at least one stored byte's worth (``ROOTLimits/maxCompressionRatio``) of its basket.
    static func checkJagged(_ layout: BranchLayout, treeEntries: Int, source: ROOTFileReader) throws {
        let info = layout.info
        func refuse(_ message: String, offset: Int? = nil) -> ROOTError {
            ROOTError(.corrupt, file: source.path, branch: info.name, offset: offset, message)
        }
        guard info.entries == treeEntries else {
            throw refuse("the branch holds \(info.entries) entries, the tree \(treeEntries)")
        }
        let asOffsets = info.entries.multipliedReportingOverflow(by: MemoryLayout<Int>.size)
        guard !asOffsets.overflow, asOffsets.partialValue <= ROOTLimits.maxColumnBytes else {
            throw refuse("\(info.entries) entries exceed the column limit of \(ROOTLimits.maxColumnBytes) bytes")
        }
        for slot in try BasketReader.slots(of: layout, file: source.path) {
            let stored = layout.basketBytes[slot.index]
            guard slot.entries <= Int(Int32.max), slot.entries <= ROOTLimits.maxExpansion(of: stored) else {
                throw refuse(
                    "basket \(slot.index) claims \(slot.entries) entries in \(stored) bytes",
                    offset: layout.basketSeek[slot.index])
            }
        }
    }
}
