/// A TTree to write: its name, title and branches in order (a counter branch before its collections).
public struct ROOTWriteTree: Sendable, Equatable {
    /// The tree's key name in the file's top directory.
    public let name: String
    /// The tree's title.
    public let title: String
    /// The branches in the order they are written.
    public let branches: [ROOTWriteBranch]

    /// A tree named `name` (a C identifier, as ROOT's TTree::Draw and uproot's expressions need).
    public init(name: String, title: String = "", branches: [ROOTWriteBranch]) {
        self.name = name
        self.title = title
        self.branches = branches
    }

    /// Longest tree or branch name accepted.
    static let maxNameLength = 255

    /// A name ROOT, its TTree::Draw expressions and uproot all take as written: a C identifier.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= maxNameLength else { return false }
        func letter(_ c: Unicode.Scalar) -> Bool { c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        return letter(first) && name.unicodeScalars.allSatisfy { letter($0) || ("0"..."9").contains($0) }
    }

    /// The number of entries every branch holds, after checking names, counts and counters agree.
    func validatedEntries() throws(ROOTWriteError) -> Int {
        guard Self.isValidName(name) else {
            throw ROOTWriteError(
                .invalidName, tree: name,
                "a tree name must be a C identifier of at most \(Self.maxNameLength) bytes")
        }
        guard !branches.isEmpty else { throw ROOTWriteError(.inconsistent, tree: name, "a tree needs a branch") }
        let entries = branches[0].entries
        var seen: [String: ROOTWriteBranch] = [:]
        for b in branches {
            guard Self.isValidName(b.name) else {
                throw ROOTWriteError(
                    .invalidName, tree: name, branch: b.name,
                    "a branch name must be a C identifier of at most \(Self.maxNameLength) bytes")
            }
            guard seen[b.name] == nil else {
                throw ROOTWriteError(.invalidName, tree: name, branch: b.name, "the tree has two branches of this name")
            }
            guard b.entries == entries else {
                throw ROOTWriteError(
                    .inconsistent, tree: name, branch: b.name,
                    "has \(b.entries) entries, branch '\(branches[0].name)' \(entries)")
            }
            if let counter = b.counter { try check(b, counter: counter, in: seen) }
            seen[b.name] = b
        }
        return entries
    }

    private func check(_ b: ROOTWriteBranch, counter: String, in seen: [String: ROOTWriteBranch]) throws(ROOTWriteError)
    {
        guard let c = seen[counter], c.counter == nil, case .int32(let counts) = c.values else {
            throw ROOTWriteError(
                .inconsistent, tree: name, branch: b.name,
                "its counter '\(counter)' must be a flat int32 branch written before it")
        }
        let offsets = b.offsets ?? []
        guard offsets.first == 0, offsets.last == b.values.count else {
            throw ROOTWriteError(.inconsistent, tree: name, branch: b.name, "offsets do not span the values")
        }
        for i in 0..<counts.count where counts[i] < 0 || offsets[i + 1] - offsets[i] != Int(counts[i]) {
            throw ROOTWriteError(
                .inconsistent, tree: name, branch: b.name,
                "entry \(i) holds \(offsets[i + 1] - offsets[i]) values, counter '\(counter)' says \(counts[i])")
        }
    }
}
