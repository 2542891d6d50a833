/// A ROOT file opened for reading its TTrees.
///
/// Opening reads the header and walks every directory's key list (subdirectories included);
/// trees are decoded when asked for.
public struct ROOTFile: Sendable {
    /// A tree found in the file's directories.
    public struct TreeEntry: Sendable {
        /// Path inside the file, directories separated by `/`.
        public let path: String
        /// The tree's ROOT class, `TTree` or a subclass such as `TNtuple`.
        public let className: String
        /// The key's cycle number; only the highest cycle of each name is listed.
        public let cycle: Int
        let key: ROOTKey
    }

    /// The path the file was opened from.
    public let path: String
    /// The file format version (ROOT release, e.g. 62004 for 6.20/04).
    public let version: Int
    /// The file-wide compression setting.
    public let compression: ROOTCompression
    /// Every tree in the file (highest cycle per name), in directory order.
    public let treeEntries: [TreeEntry]
    /// Every RNTuple anchor (`ROOT::RNTuple` key) in the file (highest cycle per name), in directory order.
    public let ntupleEntries: [TreeEntry]

    let source: ROOTFileReader

    /// Directories nested deeper than this are taken as a corrupt loop.
    static let maxDepth = 64

    /// Opens the file at `path` and reads its header and directories.
    ///
    /// - Throws: ``ROOTError`` when the file cannot be read, is not a ROOT file, or its directories are corrupt.
    public init(path: String) throws {
        let source = try ROOTFileReader(path: path)
        self.source = source
        self.path = path
        let head = try source.bytes(at: 0, count: min(source.size, 128))
        var c = ByteCursor(head, fileOffset: 0, file: path)
        guard head.count >= 4, head[0..<4].elementsEqual("root".utf8) else {
            throw ROOTError(.corrupt, file: path, offset: 0, "not a ROOT file (no 'root' magic)")
        }
        try c.skip(4)
        var version = try c.i32()
        let large = version >= 1_000_000
        if large { version -= 1_000_000 }
        self.version = version
        let begin = try c.i32()
        _ = try c.seekPointer(large: large) // fEND
        _ = try c.seekPointer(large: large) // fSeekFree
        try c.skip(4 + 4) // fNbytesFree, nfree
        let nbytesName = try c.i32()
        try c.skip(1) // fUnits
        compression = ROOTCompression(setting: try c.i32())
        guard begin > 0, nbytesName > 0 else {
            throw ROOTError(.corrupt, file: path, offset: 4, "header has fBEGIN \(begin), fNbytesName \(nbytesName)")
        }
        var found: [TreeEntry] = []
        var visited = Set<Int>()
        let rootDir = try Self.directory(source, at: begin + nbytesName)
        try Self.walk(source, seekKeys: rootDir, prefix: "", depth: 0, visited: &visited, into: &found)
        treeEntries = found.filter { $0.className != Self.ntupleClass }
        ntupleEntries = found.filter { $0.className == Self.ntupleClass }
    }

    /// Reads a TDirectory record and returns where its key list is.
    static func directory(_ source: ROOTFileReader, at offset: Int) throws -> Int {
        let bytes = try source.bytes(at: offset, count: min(64, max(0, source.size - offset)))
        var c = ByteCursor(bytes, fileOffset: offset, file: source.path)
        return try directory(&c)
    }

    static func directory(_ c: inout ByteCursor) throws -> Int {
        let version = try c.i16()
        try c.skip(4 + 4 + 4 + 4) // fDatimeC, fDatimeM, fNbytesKeys, fNbytesName
        let large = version > 1000
        _ = try c.seekPointer(large: large) // fSeekDir
        _ = try c.seekPointer(large: large) // fSeekParent
        return try c.seekPointer(large: large)
    }

    static func walk(
        _ source: ROOTFileReader, seekKeys: Int, prefix: String, depth: Int,
        visited: inout Set<Int>, into found: inout [TreeEntry]
    ) throws {
        guard depth < maxDepth else {
            throw ROOTError(.corrupt, file: source.path, offset: seekKeys, "directories nest deeper than \(maxDepth)")
        }
        guard seekKeys > 0 else { return } // an empty directory has no key list
        guard visited.insert(seekKeys).inserted else {
            throw ROOTError(.corrupt, file: source.path, offset: seekKeys, "directory key list reached twice (a loop)")
        }
        let listKey = try ROOTKey.read(source, at: seekKeys)
        let list = try source.bytes(at: seekKeys, count: listKey.nbytes)
        var c = ByteCursor(list, fileOffset: seekKeys, file: source.path)
        try c.skip(listKey.keylen)
        let n = try c.i32()
        guard n >= 0, n <= c.remaining / 26 else {
            throw ROOTError(.corrupt, file: source.path, offset: seekKeys, "key list claims \(n) keys")
        }
        var trees: [TreeEntry] = []
        for _ in 0..<n {
            let at = seekKeys + c.position
            let key = try ROOTKey(from: &c, position: at)
            switch key.className {
            case "TTree", "TNtuple", "TNtupleD", ntupleClass:
                let path = prefix + key.name
                if let i = trees.firstIndex(where: { $0.path == path }) {
                    if trees[i].cycle < key.cycle {
                        trees[i] = TreeEntry(path: path, className: key.className, cycle: key.cycle, key: key)
                    }
                } else {
                    trees.append(TreeEntry(path: path, className: key.className, cycle: key.cycle, key: key))
                }
            case "TDirectory", "TDirectoryFile":
                var d = ByteCursor(try key.payload(source), fileOffset: key.seekKey + key.keylen, file: source.path)
                let sub = try directory(&d)
                found.append(contentsOf: trees)
                trees = []
                try walk(
                    source, seekKeys: sub, prefix: prefix + key.name + "/", depth: depth + 1, visited: &visited,
                    into: &found)
            default:
                continue
            }
        }
        found.append(contentsOf: trees)
    }

    /// Decodes the tree at `path` (`name` or `dir/sub/name`).
    public func tree(at treePath: String) throws -> ROOTTree {
        guard let entry = treeEntries.first(where: { $0.path == treePath }) else {
            throw ROOTError(
                .notFound, file: path, tree: treePath,
                "no such tree; the file has: \(treeEntries.map(\.path).joined(separator: ", "))")
        }
        do {
            var parser = TreeParser(payload: try entry.key.payload(source), key: entry.key, file: path, tree: treePath)
            let layout = try parser.parse(className: entry.className)
            try ROOTTree.checkBasketRanges(layout, source: source)
            return ROOTTree(path: treePath, layout: layout, source: source)
        } catch let e as ROOTError {
            throw e.with(tree: treePath)
        }
    }

    /// Every tree in the file, decoded (paths, entries, branches with types and compression).
    public func trees() throws -> [ROOTTree] {
        try treeEntries.map { try tree(at: $0.path) }
    }
}
