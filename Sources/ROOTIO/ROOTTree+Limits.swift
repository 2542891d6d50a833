/// The checks that run on a tree's declared counts before any of its values is allocated.
extension ROOTTree {
    /// Checks that a flat or jagged branch can be read, from its counts alone (a jagged one as
    /// `checkJagged` says); for a flat one: it holds as many entries as
    /// the tree, its baskets tile those entries, and they fit in ``ROOTLimits/maxColumnBytes`` and
    /// in what the branch's baskets, at ``ROOTLimits/maxCompressionRatio``, can hold.
    ///
    /// `read(branch:)` runs it before allocating, and a root source runs it when validating, so a
    /// file claiming more than it holds is refused the same way everywhere.
    /// - Throws: ``ROOTError`` naming the file, tree and branch.
    package func check(branch name: String) throws {
        guard let layout = layouts.first(where: { $0.info.name == name }) else {
            return // read(branch:) names a missing branch itself
        }
        do {
            if layout.info.isJagged {
                try Self.checkJagged(layout, treeEntries: entries, source: source)
                return
            }
            guard let type = layout.info.type else { return } // read(branch:) names an unsupported one
            try Self.check(layout, type: type, treeEntries: entries, source: source)
        } catch let e as ROOTError {
            throw e.with(tree: path, branch: name)
        }
    }

    static func check(_ layout: BranchLayout, type: ROOTDataType, treeEntries: Int, source: ROOTFileReader) throws {
        let info = layout.info
        func refuse(_ message: String) -> ROOTError {
            ROOTError(.corrupt, file: source.path, branch: info.name, message)
        }
        guard info.entries == treeEntries else {
            throw refuse("the branch holds \(info.entries) entries, the tree \(treeEntries)")
        }
        // Counted as doubles, so that readAsDouble's widened copy fits the limit too.
        let asDoubles = info.entries.multipliedReportingOverflow(by: MemoryLayout<Double>.size)
        guard !asDoubles.overflow, asDoubles.partialValue <= ROOTLimits.maxColumnBytes else {
            throw refuse(
                "\(info.entries) entries exceed the column limit of \(ROOTLimits.maxColumnBytes) bytes as doubles")
        }
        let bytes = info.entries * type.size
        var stored = layout.embedded.reduce(0) { $0 + $1.data.count }
        for i in 0..<layout.writeBasket { stored += max(0, layout.basketBytes[i]) }
        guard bytes <= ROOTLimits.maxExpansion(of: stored) else {
            throw refuse(
                "\(info.entries) entries of \(type.size) bytes cannot come from \(stored) bytes of baskets "
                    + "(at most \(ROOTLimits.maxCompressionRatio):1)")
        }
        for slot in try BasketReader.slots(of: layout, file: source.path) {
            let want = slot.entries * type.size
            guard slot.entries <= Int(Int32.max), want <= ROOTLimits.maxExpansion(of: layout.basketBytes[slot.index])
            else {
                throw ROOTError(
                    .corrupt, file: source.path, branch: info.name, offset: layout.basketSeek[slot.index],
                    "basket \(slot.index) claims \(slot.entries) entries in \(layout.basketBytes[slot.index]) bytes")
            }
        }
    }

    /// Checks that every on-disk basket of every branch lies inside the file and that no two
    /// overlap, so that no record is decompressed twice however many baskets point at it.
    static func checkBasketRanges(_ layout: TreeLayout, source: ROOTFileReader) throws {
        var ranges: [(start: Int, end: Int, branch: String)] = []
        for branch in layout.branches {
            let name = branch.info.name
            for i in 0..<branch.writeBasket {
                let seek = branch.basketSeek[i], nbytes = branch.basketBytes[i]
                guard seek > 0, nbytes > 0, seek <= source.size, nbytes <= source.size - seek else {
                    throw ROOTError(
                        .corrupt, file: source.path, branch: name, offset: seek,
                        "basket \(i) of \(nbytes) bytes at \(seek) lies outside the \(source.size)-byte file")
                }
                ranges.append((seek, seek + nbytes, name))
            }
        }
        ranges.sort { $0.start < $1.start }
        for (a, b) in zip(ranges, ranges.dropFirst()) where b.start < a.end {
            throw ROOTError(
                .corrupt, file: source.path, branch: b.branch, offset: b.start,
                "a basket at \(b.start) overlaps another (of branch '\(a.branch)') at \(a.start)..<\(a.end)")
        }
    }
}
