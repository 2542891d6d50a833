import Foundation
import ParamRunSupport
import ROOTIO

/// Flat TTrees in ROOT files (read by ``ROOTIO``), one tree per sample:
///
/// ```yaml
/// source:
///   root:
///     signal: {500: "signal.root:mx500", 750: ["a.root:signal/mx750", "b.root:signal/mx750"]}
///     background: ["bkg.root:ttbar", "bkg.root:wjets"]
///     branches: [f0, f1, f2]
///     weight: w        # optional
/// ```
///
/// A tree is `FILE:TREE` (the tree's path inside the file, `dir/name`) or just `FILE` when the
/// file holds one tree; a mass or the background may name one tree or a list. Signal events get
/// θ = their mass; background θ is sampled like every source without a stored one. The weight
/// branch becomes ``EventTable/weights`` and must be finite and non-negative.
public struct ROOTSource: EventSource {
    /// Named `root` in a spec.
    public static let name = "root"
    /// Takes options: the signal and background trees, the branches and an optional weight.
    public static let argument = EventSourceArgument.options
    /// The argument, as error messages name it.
    public static let argumentDescription = "ROOT ntuples"
    static let keys = ["signal", "background", "branches", "weight"]

    /// One tree as the spec wrote it, where it wrote it, and its file made absolute.
    struct TreeReference: Hashable {
        var written: String
        var file: String
        var tree: String?
        var path: SourceValue.Path
    }

    /// A branch name with where the spec wrote it.
    struct Branch: Hashable {
        var name: String
        var path: SourceValue.Path
    }

    let signal: [(mass: Double, trees: [TreeReference])]
    let background: [TreeReference]
    let branches: [Branch]
    let weight: Branch?
    /// What is wrong with how the options are written; files are opened only by ``optionProblems()``.
    let syntaxProblems: [SourceProblem]

    /// The source the reference's options describe; problems in them are kept for ``optionProblems()``.
    public init(reference: SourceReference) {
        let parsed = Self.parse(reference)
        signal = parsed.signal
        background = parsed.background
        branches = parsed.branches
        weight = parsed.weight
        syntaxProblems = parsed.problems
    }

    private static func parse(_ reference: SourceReference) -> (
        signal: [(mass: Double, trees: [TreeReference])], background: [TreeReference],
        branches: [Branch], weight: Branch?, problems: [SourceProblem]
    ) {
        var problems: [SourceProblem] = []
        var signal: [(mass: Double, trees: [TreeReference])] = []
        var background: [TreeReference] = []
        var branches: [Branch] = []
        var weight: Branch?
        guard case .map(let entries) = reference.options else {
            let found = reference.options?.kindName ?? "nothing"
            problems.append(
                SourceProblem(
                    at: [],
                    "the root source takes a mapping with \(keys.prefix(3).joined(separator: ", ")) and optionally "
                        + "weight, found \(found)"
                ))
            return (signal, background, branches, weight, problems)
        }
        for entry in entries where !keys.contains(entry.key) {
            problems.append(
                SourceProblem(
                    at: [entry.key],
                    "unknown key '\(entry.key)' in the root source" + Suggestion.didYouMean(entry.key, in: keys)))
        }
        for key in keys.prefix(3) where !entries.contains(where: { $0.key == key }) {
            problems.append(SourceProblem(at: [], "the root source is missing the required key '\(key)'"))
        }
        func trees(_ value: SourceValue, at path: SourceValue.Path, _ what: String) -> [TreeReference] {
            let items: [(SourceValue, SourceValue.Path)]
            if case .list(let list) = value {
                items = list.enumerated().map { ($1, path + [String($0)]) }
                if list.isEmpty { problems.append(SourceProblem(at: path, "\(what) names no tree")) }
            } else {
                items = [(value, path)]
            }
            var result: [TreeReference] = []
            for (item, itemPath) in items {
                guard case .string(let text) = item, !text.isEmpty else {
                    problems.append(
                        SourceProblem(at: itemPath, "\(what) must be written FILE:TREE or FILE, found \(item.kindName)")
                    )
                    continue
                }
                let (file, tree) = split(text)
                result.append(TreeReference(written: text, file: reference.resolve(file), tree: tree, path: itemPath))
            }
            return result
        }
        if let value = reference.options?["signal"] {
            if case .map(let masses) = value, !masses.isEmpty {
                for entry in masses {
                    guard let mass = Double(entry.key), mass.isFinite, mass >= 0 else {
                        problems.append(
                            SourceProblem(
                                at: ["signal", entry.key],
                                "signal keys must be masses (non-negative numbers), found '\(entry.key)'"))
                        continue
                    }
                    signal.append(
                        (mass, trees(entry.value, at: ["signal", entry.key], "the signal at mass \(entry.key)")))
                }
            } else {
                problems.append(
                    SourceProblem(
                        at: ["signal"],
                        "signal must map each mass to its trees, e.g. {500: \"signal.root:mx500\"}, "
                            + "found \(value.kindName)"
                    ))
            }
        }
        if let value = reference.options?["background"] {
            background = trees(value, at: ["background"], "background")
        }
        if let value = reference.options?["branches"] {
            if case .list(let names) = value, !names.isEmpty {
                for (i, name) in names.enumerated() {
                    guard let text = name.text, !text.isEmpty, name.kindName != "a boolean" else {
                        problems.append(
                            SourceProblem(
                                at: ["branches", String(i)], "a branch name must be text, found \(name.kindName)"))
                        continue
                    }
                    if branches.contains(where: { $0.name == text }) {
                        problems.append(SourceProblem(at: ["branches", String(i)], "branch '\(text)' is listed twice"))
                        continue
                    }
                    branches.append(Branch(name: text, path: ["branches", String(i)]))
                }
            } else {
                problems.append(
                    SourceProblem(
                        at: ["branches"], "branches must be a non-empty list of branch names, found \(value.kindName)"))
            }
        }
        if let value = reference.options?["weight"] {
            if let text = value.text, case .string = value {
                weight = Branch(name: text, path: ["weight"])
            } else {
                problems.append(SourceProblem(at: ["weight"], "weight must name one branch, found \(value.kindName)"))
            }
        }
        return (signal, background, branches, weight, problems)
    }

    /// `FILE:TREE` at the last colon, or `FILE` alone.
    static func split(_ text: String) -> (file: String, tree: String?) {
        guard let colon = text.lastIndex(of: ":") else { return (text, nil) }
        let tree = String(text[text.index(after: colon)...])
        return (String(text[..<colon]), tree.isEmpty ? nil : tree)
    }

    /// The branches read as features, in the order the options list them.
    public var featureNames: [String] { branches.map(\.name) }

    var allTrees: [TreeReference] { signal.flatMap(\.trees) + background }

    /// Checks the options as written, and opens every file's header and tree: a missing file,
    /// tree or branch, and a branch of a type ROOTIO cannot read, each at the place that names it.
    public func optionProblems() -> [SourceProblem] {
        // What parsed is still checked, so one validation lists every mistake.
        var problems = syntaxProblems
        var files: [String: ROOTFile] = [:]
        var reported = Set<SourceValue.Path>()
        for ref in allTrees {
            let opened: (ROOTFile, ROOTTree)
            do {
                opened = try open(ref, files: &files)
            } catch {
                problems.append(SourceProblem(at: ref.path, "\(error)"))
                continue
            }
            let available = opened.1.branches
            for branch in branches + (weight.map { [$0] } ?? []) where !reported.contains(branch.path) {
                guard let info = available.first(where: { $0.name == branch.name }) else {
                    reported.insert(branch.path)
                    problems.append(
                        SourceProblem(
                            at: branch.path,
                            "tree '\(opened.1.path)' in \(ref.written) has no branch '\(branch.name)'"
                                + Suggestion.didYouMean(branch.name, in: available.map(\.name))))
                    continue
                }
                if let reason = info.unsupportedReason {
                    reported.insert(branch.path)
                    problems.append(
                        SourceProblem(
                            at: branch.path,
                            ROOTError(
                                .unsupported, file: split(ref).file, tree: opened.1.path,
                                branch: branch.name, reason
                            ).description))
                    continue
                }
                do {
                    try opened.1.check(branch: branch.name)
                } catch let e as ROOTError {
                    reported.insert(branch.path)
                    problems.append(SourceProblem(at: branch.path, renamed(e, as: split(ref).file).description))
                } catch {
                    problems.append(SourceProblem(at: branch.path, "\(error)"))
                }
            }
        }
        return problems
    }

    private func split(_ ref: TreeReference) -> (file: String, tree: String?) { Self.split(ref.written) }

    /// The error naming the file as the spec wrote it.
    private func renamed(_ e: ROOTError, as file: String) -> ROOTError {
        ROOTError(e.kind, file: file, tree: e.tree, branch: e.branch, offset: e.offset, e.message)
    }

    /// Opens a tree, with messages that name the file as the spec wrote it.
    func open(_ ref: TreeReference, files: inout [String: ROOTFile]) throws -> (ROOTFile, ROOTTree) {
        let written = split(ref).file
        let file: ROOTFile
        if let cached = files[ref.file] {
            file = cached
        } else {
            guard FileManager.default.fileExists(atPath: ref.file) else {
                throw OpenFailure("ROOT file '\(written)' does not exist (paths are relative to the spec's folder)")
            }
            file = try ROOTFile(path: ref.file)
            files[ref.file] = file
        }
        let paths = file.treeEntries.map(\.path)
        guard let tree = ref.tree else {
            guard paths.count == 1 else {
                throw OpenFailure(
                    "'\(written)' holds \(paths.count) trees (\(paths.joined(separator: ", "))); write FILE:TREE")
            }
            return (file, try file.tree(at: paths[0]))
        }
        guard paths.contains(tree) else {
            // A tree written without its directory is the likeliest slip; then a near spelling.
            let sameName = paths.filter { $0.split(separator: "/").last.map(String.init) == tree }
            let guess =
                sameName.count == 1 ? "; did you mean '\(sameName[0])'?" : Suggestion.didYouMean(tree, in: paths)
            let known = paths.isEmpty ? " (it holds no TTrees)" : "; it has \(paths.joined(separator: ", "))"
            throw OpenFailure("'\(written)' has no tree '\(tree)'" + (guess.isEmpty ? known : guess))
        }
        return (file, try file.tree(at: tree))
    }

    /// The masses no signal file is given for.
    public func problems(masses: [Double]) -> [(index: Int, message: String)] {
        guard syntaxProblems.isEmpty else { return [] }
        let known = signal.map(\.mass)
        return masses.enumerated().compactMap { index, mass in
            known.contains(where: { Mass.same($0, mass) })
                ? nil
                : (
                    index,
                    "mass \(formatNumber(mass)) has no signal tree in the root source (it "
                        + "has \(known.map(formatNumber).joined(separator: ", ")))"
                )
        }
    }

    /// Every ROOT file the options name.
    public func filesToFingerprint(masses: [Double]) -> [String] {
        var seen = Set<String>()
        return allTrees.map(\.file).filter { seen.insert($0).inserted }
    }

    /// Reads the branches of each file's tree into signal and background tables.
    ///
    /// - Throws: ``DataError`` for a bad option or a mass without a signal tree, and when a file, tree or branch cannot
    /// be read.
    public func events(for request: DatasetRequest) throws -> (signal: EventTable, background: EventTable) {
        if let problem = optionProblems().first {
            throw DataError(.invalidRequest("root source: \(problem)"))
        }
        var files: [String: ROOTFile] = [:]
        let masses = request.masses.isEmpty ? signal.map(\.mass) : request.masses
        var signalTable = EventTable(featureNames: featureNames)
        for mass in masses {
            guard let sample = signal.first(where: { Mass.same($0.mass, mass) }) else {
                throw DataError(.invalidRequest("mass \(formatNumber(mass)) has no signal tree in the root source"))
            }
            for ref in sample.trees {
                signalTable.append(try read(ref, label: 1, theta: Float(mass), files: &files))
            }
        }
        var backgroundTable = EventTable(featureNames: featureNames)
        for ref in background {
            backgroundTable.append(try read(ref, label: 0, theta: 0, files: &files))
        }
        return (
            Subsample.perMass(signalTable, request.signalPerMass, seed: request.seed),
            Subsample.count(backgroundTable, request.background, seed: request.seed)
        )
    }

    /// One tree's feature branches as float32 rows, and its weights.
    func read(_ ref: TreeReference, label: Float, theta: Float, files: inout [String: ROOTFile]) throws -> EventTable {
        let (_, tree) = try open(ref, files: &files)
        let n = tree.entries
        let width = branches.count
        // Every branch holds the tree's entries within ROOTLimits (the check read(branch:) repeats) before
        // the table for them is allocated.
        for branch in branches + (weight.map { [$0] } ?? []) { try tree.check(branch: branch.name) }
        var features = [Float](repeating: 0, count: n * width)
        for (c, branch) in branches.enumerated() {
            let values = try tree.readAsDouble(branch: branch.name)
            for r in 0..<n { features[r * width + c] = Float(values[r]) }
        }
        var weights: [Float]?
        if let weight {
            let values = try tree.readAsDouble(branch: weight.name)
            let floats = values.map(Float.init)
            if let bad = floats.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
                throw ROOTError(
                    .unsupported, file: ref.file, tree: tree.path, branch: weight.name,
                    "entry \(bad) has weight \(values[bad]); event weights must be finite and non-negative")
            }
            weights = floats
        }
        return EventTable(
            featureNames: featureNames, features: features, labels: [Float](repeating: label, count: n),
            theta: [Float](repeating: theta, count: n), weights: weights)
    }
}

/// Why a tree named in the options cannot be opened, worded for the spec's reader.
private struct OpenFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
