import ArgumentParser
import Foundation
import ParamRunData
import ParamRunSupport

/// `paramrun generate`: writes a generated dataset as a HEPMASS-format CSV for other tools.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a generated dataset as a HEPMASS-format CSV or as ROOT TTrees.",
        discussion: """
            The file starts with '# label,<features>,mass' and holds one event per line: signal events \
            for each mass, then background events whose mass is drawn from the signal masses. The \
            xttbar generator gives the 27 HEPMASS features f0-f26 in physical units (GeV, radians); \
            --standardize rescales them to mean 0 and variance 1 like the UCI files. A path ending in \
            .gz is gzip-compressed.
            """
    )

    @Option(
        help: ArgumentHelp(
            "The generator: toy (1 feature, the paper's Fig. 2) or xttbar (27 HEPMASS features).",
            discussion: "Any event source registered as a generator may be named."))
    var generator: String = TTbarSource.name

    @Option(help: "Comma-separated signal masses (θ).")
    var masses: String = "500,750,1000,1250,1500"

    @Option(help: "Signal events per mass.")
    var signalPerMass: Int = 10_000

    @Option(help: "Background events.")
    var background: Int = 50_000

    @Option(
        help: """
            For a generator with a jes condition (xttbar): the jet-energy-scale shift δ; every jet's \
            four-momentum × (1 + δ) before reconstruction. The file stays in HEPMASS's columns: give a \
            JES-aware network the same value with predict --condition jes=δ.
            """)
    var jes: Double?

    @Option(help: "Random seed; the same seed writes the same file.")
    var seed: UInt64 = 0

    @Option(help: "Decimals per value; without it, each value's shortest exact text (reads back bit for bit).")
    var decimals: Int?

    @Flag(help: "Standardize the features (not the mass) to mean 0 and variance 1, like the UCI files.")
    var standardize = false

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "The file to write: CSV (.gz compresses it), or ROOT (.root).",
            discussion: """
                A .root file holds one TTree per signal mass (mx500, …) and one 'background', with the features \
                as float branches, the event's 'mass' and a weight 'w', zlib-compressed.
                """))
    var output: String

    @Option(help: "For a .root --output: flat (one branch per feature) or nanoaod (jets as Jet_pt[nJet], …).")
    var layout: ROOTLayout = .flat

    @Option(
        help: """
            For a .root --output: background weights 'w' drawn uniformly from [1 - S, 1 + S] (seeded), as a \
            reweighting would give; 0 (the default) weighs every event 1.
            """)
    var backgroundWeightSpread: Double = 0

    func parsedMasses() throws -> [Double] {
        let values = masses.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let parsed = values.compactMap(Double.init)
        guard !values.isEmpty, parsed.count == values.count, parsed.allSatisfy(\.isFinite) else {
            throw ValidationError("--masses must be a comma-separated list of numbers, got '\(masses)'")
        }
        return parsed
    }

    /// The registry decides which generators exist, so a new generator needs no change here.
    func generatorType() throws -> any EventSource.Type {
        guard let type = EventSources.named(generator), type.isGenerator else {
            let known = EventSources.generators.joined(separator: ", ")
            throw ValidationError("--generator must be one of \(known), got '\(generator)'")
        }
        return type
    }

    func validate() throws {
        let type = try generatorType()
        if let range = type.validRange(of: "mass"),
            let outside = try parsedMasses().first(where: { !range.contains($0) })
        {
            throw ValidationError(
                "--masses: the \(generator) generator makes masses in "
                    + "\(formatNumber(range.lowerBound))…\(formatNumber(range.upperBound)), "
                    + "got \(formatNumber(outside))"
            )
        }
        guard signalPerMass >= 0, background >= 0 else {
            throw ValidationError("--signal-per-mass and --background must not be negative")
        }
        if let jes {
            guard type.conditions.contains(where: { $0.name == TTbarSource.jesCondition }) else {
                throw ValidationError("--jes shifts jets, which the \(generator) generator does not make")
            }
            let range = type.validRange(of: TTbarSource.jesCondition) ?? -1...Double.greatestFiniteMagnitude
            guard jes.isFinite, range.contains(jes) else {
                throw ValidationError(
                    "--jes must be a finite number "
                        + "in \(formatNumber(range.lowerBound))…\(formatNumber(range.upperBound)), "
                        + "got \(jes)")
            }
        }
        if let decimals, !(0...15).contains(decimals) {
            throw ValidationError("--decimals must be between 0 and 15")
        }
        try validateROOTOptions()
    }

    func run() throws {
        // Before generating: never over a link, a device, a FIFO or a folder.
        try AtomicFile.checkDestination(URL(fileURLWithPath: output))
        let source = SourceReference(name: try generatorType().name)
        var request = DatasetRequest(
            source: source, masses: try parsedMasses(),
            signalPerMass: signalPerMass, background: background, seed: seed)
        if let jes { request.conditions = [TTbarSource.jesCondition: jes] }
        var table = try DatasetLoader.load(request)
        // HEPMASS files have no JES column; the shift is in the jets, and the user knows its value.
        table = try table.selecting(.names(table.measuredFeatureNames))
        if standardize {
            let theta = table.theta
            table = try Scaler.fit(table, kind: .standard).apply(table)
            table.theta = theta
        }
        let url = URL(fileURLWithPath: output)
        if writesROOT { return try writeROOT(table, to: url) }
        try HEPMASSWriter.write(table, to: url, format: decimals.map { .fixed(decimals: $0) } ?? .shortest)
        print("wrote \(table.count) events (\(table.featureCount) features + mass) to \(output)")
    }
}
