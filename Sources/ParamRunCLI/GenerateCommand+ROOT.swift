import ArgumentParser
import Foundation
import ParamRunData
import ParamRunSupport
import ROOTIO

/// `paramrun generate --output FILE.root`: the events as TTrees, one per signal mass (`mx500`, …) and one
/// `background`, each with the features (float), the event's `mass` and a weight `w`.
extension GenerateCommand {
    /// How the features are laid out as branches.
    enum ROOTLayout: String, ExpressibleByArgument, CaseIterable {
        /// One float branch per feature.
        case flat
        /// The four leading jets the xttbar features hold (f6–f21) as a counted collection `Jet_pt[nJet]`,
        /// `Jet_eta`, `Jet_phi`, `Jet_btag`; the other features stay flat under their names.
        case nanoaod
    }

    /// The HEPMASS features that describe the four leading jets, four per jet, and the branch each becomes.
    static let jetFeatures = (first: 6, perJet: ["Jet_pt", "Jet_eta", "Jet_phi", "Jet_btag"], jets: 4)

    var writesROOT: Bool { output.lowercased().hasSuffix(".root") }

    func validateROOTOptions(featureNames: [String]? = nil) throws {
        guard (0..<1).contains(backgroundWeightSpread) else {
            throw ValidationError("--background-weight-spread must be in [0, 1), got \(backgroundWeightSpread)")
        }
        if !writesROOT, layout != .flat || backgroundWeightSpread != 0 {
            throw ValidationError("--layout and --background-weight-spread apply to a .root --output only")
        }
        if let featureNames, layout == .nanoaod, featureNames != HEPMASSReader.featureNames {
            throw ValidationError(
                "--layout nanoaod needs the xttbar generator's jets (features f0-f26); \(generator) makes "
                    + featureNames.joined(separator: ","))
        }
    }

    /// The trees for `table`: signal events by mass, then the background.
    func rootTrees(_ table: EventTable) throws -> [ROOTWriteTree] {
        var rng = SeededGenerator(seed: seed ^ 0x5745_4947_4854) // its own stream, apart from the events'
        var trees: [ROOTWriteTree] = []
        let signal = (0..<table.count).filter { table.labels[$0] == 1 }
        for mass in Array(Set(signal.map { table.theta[$0] })).sorted() {
            let rows = signal.filter { table.theta[$0] == mass }
            let name = "mx" + formatNumber(Double(mass)).replacingOccurrences(of: ".", with: "p")
            trees.append(tree(name, table, rows, weights: [Float](repeating: 1, count: rows.count)))
        }
        let background = (0..<table.count).filter { table.labels[$0] != 1 }
        let s = backgroundWeightSpread
        let weights = background.map { _ in Float(s == 0 ? 1 : rng.nextUniform(in: 1 - s, 1 + s)) }
        trees.append(tree("background", table, background, weights: weights))
        return trees
    }

    private func tree(_ name: String, _ table: EventTable, _ rows: [Int], weights: [Float]) -> ROOTWriteTree {
        let width = table.featureCount
        func column(_ f: Int) -> [Float] { rows.map { table.features[$0 * width + f] } }
        var branches: [ROOTWriteBranch] = []
        let jets = Self.jetFeatures
        let jetColumns = jets.first..<(jets.first + jets.perJet.count * jets.jets)
        for f in 0..<width where layout == .flat || !jetColumns.contains(f) {
            if layout == .nanoaod, f == jetColumns.upperBound {
                branches += jetBranches(table, rows) // where the jet features were
            }
            branches.append(.flat(table.featureNames[f], .float(column(f))))
        }
        branches.append(.flat("mass", .float(rows.map { table.theta[$0] })))
        branches.append(.flat("w", .float(weights)))
        return ROOTWriteTree(name: name, title: "paramrun generate --generator \(generator)", branches: branches)
    }

    /// `nJet` (4 in every event: the generator's features keep the four leading jets) and one collection per
    /// jet quantity, the jets in the features' order (by pT).
    private func jetBranches(_ table: EventTable, _ rows: [Int]) -> [ROOTWriteBranch] {
        let width = table.featureCount
        let jets = Self.jetFeatures
        let offsets = (0...rows.count).map { $0 * jets.jets }
        var out: [ROOTWriteBranch] = [.flat("nJet", .int32([Int32](repeating: Int32(jets.jets), count: rows.count)))]
        for (q, name) in jets.perJet.enumerated() {
            let values = rows.flatMap { r in
                (0..<jets.jets).map { j in table.features[r * width + jets.first + j * jets.perJet.count + q] }
            }
            out.append(.counted(name, counter: "nJet", ROOTJaggedColumn(offsets: offsets, values: .float(values))))
        }
        return out
    }

    /// Writes the trees through AtomicFile; input the writer refuses is reported and exits 2, writing nothing.
    func writeROOT(_ table: EventTable, to url: URL) throws {
        let bytes: [UInt8]
        let trees: [ROOTWriteTree]
        do {
            try validateROOTOptions(featureNames: table.featureNames)
            trees = try rootTrees(table)
            bytes = try ROOTWriter().data(trees, fileName: url.lastPathComponent)
        } catch let error as ValidationError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("error: --output \(output): \(error)\n".utf8))
            throw ExitCode(2)
        }
        try AtomicFile.write(Data(bytes), to: url)
        print("wrote \(table.count) events as \(trees.count) trees (\(layout.rawValue) layout) to \(output)")
    }
}
