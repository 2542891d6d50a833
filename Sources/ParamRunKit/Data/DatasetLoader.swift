import Foundation

/// Turns a ``DatasetRequest`` into an ``EventTable``: the entry point of the `load` stage.
public enum DatasetLoader {
    /// Loads, filters, assigns background θ, splits and selects, as the request says.
    public static func load(_ request: DatasetRequest) throws -> EventTable {
        var (signal, background) = try sourceTables(request)
        background = try assignBackgroundTheta(background, signal: signal, request: request)
        var table = signal
        table.append(background)
        table = try Split.part(request.part, of: table, validationFraction: request.validationFraction,
                               testFraction: request.testFraction, seed: request.seed)
        return try table.selecting(request.features)
    }

    /// Signal (θ = its mass) and background (θ as stored, or 0) before θ assignment and splitting.
    static func sourceTables(_ request: DatasetRequest) throws -> (signal: EventTable, background: EventTable) {
        let seed = request.seed
        switch request.source {
        case .toy, .xttbar:
            guard !request.masses.isEmpty else {
                throw DataError(.invalidRequest("a generator needs at least one mass"))
            }
            guard let perMass = request.signalPerMass, let nBackground = request.background,
                  perMass >= 0, nBackground >= 0 else {
                throw DataError(.invalidRequest("a generator needs signalPerMass and background counts"))
            }
            let names = request.source == .toy ? ToyGenerator.featureNames : HEPMASSReader.featureNames
            var signal = EventTable(featureNames: names)
            var bkgRNG = DataRandom(seed: seed, stream: "\(request.source)/background")
            let background: EventTable
            if request.source == .toy {
                for mass in request.masses {
                    var rng = DataRandom(seed: seed, stream: "toy/signal/\(mass)")
                    signal.append(request.toy.signal(mass: mass, count: perMass, using: &rng))
                }
                background = request.toy.background(count: nBackground, masses: request.masses, using: &bkgRNG)
            } else {
                let generator = TTbarGenerator(configuration: request.xttbar)
                for mass in request.masses {
                    var rng = DataRandom(seed: seed, stream: "xttbar/signal/\(mass)")
                    signal.append(generator.signal(mass: mass, count: perMass, using: &rng))
                }
                background = generator.background(count: nBackground, using: &bkgRNG)
            }
            return (signal, background)

        case .mwwbb(let directory):
            let url = URL(fileURLWithPath: directory, isDirectory: true)
            let sample = try MWWBBReader.read(directory: url, masses: request.masses.isEmpty ? nil : request.masses)
            return (subsample(sample.signal, perMass: request.signalPerMass, seed: seed),
                    subsample(sample.background, count: request.background, seed: seed))

        case .hepmass(let path):
            let url = URL(fileURLWithPath: path)
            let table: EventTable
            if request.useCache {
                let cache = request.cacheDirectory.map { NPYCache(directory: URL(fileURLWithPath: $0, isDirectory: true)) }
                    ?? .default
                table = try cache.load(url, options: request.hepmass).table
            } else {
                table = try HEPMASSReader.read(url, options: request.hepmass)
            }
            return try hepmassParts(table, request: request, path: path)
        }
    }

    /// Splits a HEPMASS table by label, keeps the requested masses and snaps θ onto them.
    static func hepmassParts(_ table: EventTable, request: DatasetRequest, path: String) throws
        -> (signal: EventTable, background: EventTable) {
        let tolerance = request.massTolerance
        func snap(_ theta: Float) -> Float? {
            if request.masses.isEmpty {
                let r = theta.rounded()
                return abs(theta - r) < 0.01 ? r : theta
            }
            for m in request.masses where abs(Double(theta) - m) <= tolerance { return Float(m) }
            return nil
        }
        var signalRows = [Int](), backgroundRows = [Int]()
        var snapped = table.theta
        let keepAllBackground = request.backgroundTheta != .asStored
        for i in 0..<table.count {
            let s = snap(table.theta[i])
            if let s { snapped[i] = s }
            if table.labels[i] == 1 {
                if s != nil { signalRows.append(i) }
            } else if s != nil || keepAllBackground {
                backgroundRows.append(i)
            }
        }
        var snappedTable = table
        snappedTable.theta = snapped
        if signalRows.isEmpty {
            throw DataError(.invalidRequest("no signal events at masses \(request.masses)"), path: path)
        }
        return (subsample(snappedTable.rows(signalRows), perMass: request.signalPerMass, seed: request.seed),
                subsample(snappedTable.rows(backgroundRows), count: request.background, seed: request.seed))
    }

    /// At most `perMass` events of each θ, chosen with a seeded stream, original order kept.
    static func subsample(_ table: EventTable, perMass: Int?, seed: UInt64) -> EventTable {
        guard let perMass else { return table }
        var groups = [Float: [Int]]()
        for i in 0..<table.count { groups[table.theta[i], default: []].append(i) }
        var keep = [Int]()
        for theta in groups.keys.sorted() {
            var rows = groups[theta]!
            if rows.count > perMass {
                var rng = DataRandom(seed: seed, stream: "subsample/signal/\(theta)")
                rows.shuffle(using: &rng)
                rows = Array(rows[0..<perMass])
            }
            keep += rows
        }
        return table.rows(keep.sorted())
    }

    static func subsample(_ table: EventTable, count: Int?, seed: UInt64) -> EventTable {
        guard let count, count < table.count else { return table }
        var rows = Array(0..<table.count)
        var rng = DataRandom(seed: seed, stream: "subsample/background")
        rows.shuffle(using: &rng)
        return table.rows(Array(rows[0..<max(0, count)]).sorted())
    }

    static func assignBackgroundTheta(_ background: EventTable, signal: EventTable,
                                      request: DatasetRequest) throws -> EventTable {
        var out = background
        let storesTheta: Bool
        if case .hepmass = request.source { storesTheta = true } else { storesTheta = false }
        switch request.backgroundTheta {
        case .fixed(let value):
            return out.withTheta(Float(value))
        case .asStored where storesTheta:
            return out
        case .sampled, .asStored:
            guard signal.count > 0 else {
                throw DataError(.invalidRequest("cannot sample background θ without signal events"))
            }
            var rng = DataRandom(seed: request.seed, stream: "background-theta")
            for i in 0..<out.count { out.theta[i] = signal.theta[rng.index(below: signal.count)] }
            return out
        }
    }
}
