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
///     branches: [f0, f1, f2]                   # and/or features
///     features:                                # optional: computed inputs, in this order
///       - ht: sum(Jet_pt[abs(Jet_eta) < 2.4])
///       - j0pt: Jet_pt[0] ?? 0
///     select: nJet >= 2 && MET_pt > 20         # optional: the events kept
///     weight: w        # optional: a branch or an expression
/// ```
///
/// Expressions are described in docs/EXPRESSIONS.md; each is checked against every tree it reads.
///
/// A tree is `FILE:TREE` (the tree's path inside the file, `dir/name`) or just `FILE` when the
/// file holds one tree; a mass or the background may name one tree or a list. Signal events get
/// θ = their mass; background θ is sampled like every source without a stored one. The weight
/// becomes ``EventTable/weights`` and must be finite and non-negative.
public struct ROOTSource: EventSource {
    /// Named `root` in a spec.
    public static let name = "root"
    /// Takes options: the signal and background trees, the branches and features, a selection and a weight.
    public static let argument = EventSourceArgument.options
    /// The argument, as error messages name it.
    public static let argumentDescription = "ROOT ntuples"

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
    /// Features computed by expressions, after the branches, in the order written.
    let features: [(name: String, expression: ROOTSourceOptions.Written)]
    /// The events kept: those where this expression holds.
    let select: ROOTSourceOptions.Written?
    /// A weight that is one branch.
    let weight: Branch?
    /// A weight computed by an expression.
    let weightExpression: ROOTSourceOptions.Written?
    /// What is wrong with how the options are written; files are opened only by ``optionProblems()``.
    let syntaxProblems: [SourceProblem]

    /// The source the reference's options describe; problems in them are kept for ``optionProblems()``.
    public init(reference: SourceReference) {
        let parsed = ROOTSourceOptions(reference)
        signal = parsed.signal
        background = parsed.background
        branches = parsed.branches
        features = parsed.features
        select = parsed.select
        weight = parsed.weight
        weightExpression = parsed.weightExpression
        syntaxProblems = parsed.problems
    }

    /// `FILE:TREE` at the last colon, or `FILE` alone.
    static func split(_ text: String) -> (file: String, tree: String?) {
        guard let colon = text.lastIndex(of: ":") else { return (text, nil) }
        let tree = String(text[text.index(after: colon)...])
        return (String(text[..<colon]), tree.isEmpty ? nil : tree)
    }

    /// The branches read as features, in the order the options list them, then the computed features.
    public var featureNames: [String] { branches.map(\.name) + features.map(\.name) }

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
                if info.isJagged {
                    // A list per event is no input by itself: say how to make one from it.
                    reported.insert(branch.path)
                    problems.append(
                        SourceProblem(
                            at: branch.path,
                            "branch '\(branch.name)' of tree '\(opened.1.path)' in \(ref.written) holds a list per "
                                + "event (\(info.declaredType)); compute a feature from it under features:, e.g. "
                                + "'- \(branch.name)0: \(branch.name)[0] ?? 0' (see docs/EXPRESSIONS.md)"))
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
            problems += expressionProblems(in: opened.1, of: ref, reported: &reported)
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
}

/// Why a tree named in the options cannot be opened, worded for the spec's reader.
private struct OpenFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
