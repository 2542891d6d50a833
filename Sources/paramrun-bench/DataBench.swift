import ArgumentParser
import Foundation
import ParamRunData

/// HEPMASS CSV reading throughput against pandas, and generator speed (issue 4).
///
/// `paramrun-bench data [--rows N] [--dir PATH] [--python PATH] [--repeats N]` writes an
/// N-row HEPMASS-format file with the X → tt̄ generator (standardized features, six decimals,
/// like the UCI files), then times paramrun and pandas reading it, plain and gzip, in one run.
struct DataBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "HEPMASS CSV reading against pandas, and generator speed.")

    @Option(help: "Rows of the file to write.")
    var rows = 1_000_000

    @Option(name: .customLong("dir"), help: "Where the files go.")
    var directory = "outputs/bench-data"

    @Option(help: "A Python with pandas, to time beside paramrun.")
    var python: String?

    @Option(help: "Timed repeats (at least 1).")
    var repeats = 3

    @Option(name: .customLong("read"), help: "Only time reading this file.")
    var readOnly: String?

    @Option(help: "Reader threads with --read (at least 1).")
    var threads = 2

    /// The options once checked, as `bench` takes them.
    struct Settings {
        var rows: Int
        var directory: String
        var python: String?
        var repeats: Int
        var readOnly: String?
        var threads: Int
    }

    func run() {
        let settings = Settings(
            rows: rows, directory: directory, python: python, repeats: max(1, repeats),
            readOnly: readOnly, threads: max(1, threads))
        do {
            if let path = settings.readOnly {
                for _ in 0..<settings.repeats {
                    var count = 0
                    let t = try Self.seconds {
                        count = try HEPMASSReader.read(
                            URL(fileURLWithPath: path), options: .init(threads: settings.threads)
                        ).count
                    }
                    print(String(format: "%d rows in %.3f s (%d threads)", count, t, settings.threads))
                }
                return
            }
            try Self.bench(settings)
        } catch {
            FileHandle.standardError.write("data bench failed: \(error)\n".data(using: .utf8)!)
            Foundation.exit(1)
        }
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func best(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        var result = Double.infinity
        for _ in 0..<repeats { result = min(result, try seconds(body)) }
        return result
    }

    static func bench(_ s: Settings) throws {
        let dir = URL(fileURLWithPath: s.directory, isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let masses = [500.0, 750, 1000, 1250, 1500]
        let perMass = s.rows / 10
        let request = DatasetRequest(
            source: .xttbar, masses: masses, signalPerMass: perMass,
            background: s.rows - perMass * masses.count, seed: 2016)

        let table = try benchGenerators(request, repeats: s.repeats)

        // A HEPMASS-like file: standardized features, θ in GeV, six decimals.
        var standardized = try Scaler.fit(table, kind: .standard).apply(table)
        standardized.theta = table.theta
        let csv = dir.appendingPathComponent("all_bench.csv")
        let gz = dir.appendingPathComponent("all_bench.csv.gz")
        let tWrite = try seconds { try HEPMASSWriter.write(standardized, to: csv, format: .fixed(decimals: 6)) }
        let tWriteGz = try seconds { try HEPMASSWriter.write(standardized, to: gz, format: .fixed(decimals: 6)) }
        let csvBytes = try fileSize(csv), gzBytes = try fileSize(gz)
        print(
            String(
                format: "wrote %@ (%.1f MB) in %.2f s and %@ (%.1f MB) in %.2f s",
                csv.lastPathComponent, Double(csvBytes) / 1e6, tWrite, gz.lastPathComponent, Double(gzBytes) / 1e6,
                tWriteGz))

        print("\nreading \(table.count) rows x 29 columns; MB/s of uncompressed text;")
        print(
            "best of \(s.repeats) rounds, each round running every reader once, so load from other processes "
                + "hits all alike"
        )
        // Each contestant returns the time it measured itself (pandas, without interpreter start-up), or nil.
        var contestants: [(name: String, run: () throws -> Double?)] = []
        for (label, url) in [("csv", csv), ("csv.gz", gz)] {
            for threads in [1, 2] {
                contestants.append(
                    (
                        "paramrun \(label), \(threads) thread\(threads > 1 ? "s" : "")",
                        {
                            let read = try HEPMASSReader.read(url, options: .init(threads: threads))
                            guard read.count == table.count else {
                                throw DataError(.invalidRequest("row count mismatch"))
                            }
                            return nil
                        }
                    ))
            }
            if let python = s.python {
                contestants.append(
                    (
                        "pandas \(label) (C engine, float32)",
                        {
                            try pandas(python: python, url: url, repeats: 1)
                        }
                    ))
            }
        }
        var rows = contestants.map { ($0.name, Double.infinity) }
        for _ in 0..<s.repeats {
            for (k, contestant) in contestants.enumerated() {
                var inner: Double?
                let t = try seconds { inner = try contestant.run() }
                rows[k].1 = min(rows[k].1, inner ?? t)
            }
        }
        let cache = NPYCache(directory: dir.appendingPathComponent("cache"))
        try? FileManager.default.removeItem(at: cache.directory)
        _ = try cache.load(csv)
        let tNPY = try best(s.repeats) { _ = try cache.load(csv) }
        rows.append(("paramrun .npy cache (MB/s of the CSV)", tNPY))

        for (name, t) in rows {
            let reference =
                name.contains("csv.gz")
                ? rows.first { $0.0.hasPrefix("pandas csv.gz") }
                : rows.first { $0.0.hasPrefix("pandas csv ") }
            let ratio = reference.map { String(format: "  %.2fx pandas", $0.1 / t) } ?? ""
            let padded = name.padding(toLength: 42, withPad: " ", startingAt: 0)
            print(padded + String(format: " %7.3f s  %7.0f MB/s", t, Double(csvBytes) / 1e6 / t) + ratio)
        }
    }

    /// Times both generators; returns the events `request` asks of the xttbar one.
    static func benchGenerators(_ request: DatasetRequest, repeats: Int) throws -> EventTable {
        var table = EventTable(featureNames: [])
        let tGen = try seconds { table = try DatasetLoader.load(request) }
        print(
            String(
                format: "xttbar generator: %d events in %.2f s = %.3g events/s (1 thread)",
                table.count, tGen, Double(table.count) / tGen))
        let toyCount = 10_000_000
        let tToy = try best(repeats) {
            _ = try DatasetLoader.load(
                DatasetRequest(
                    source: .toy, masses: [-2, -1, 0, 1, 2],
                    signalPerMass: toyCount / 10, background: toyCount / 2, seed: 1))
        }
        print(
            String(
                format: "toy generator: %d events in %.3f s = %.3g events/s (1 thread)",
                toyCount, tToy, Double(toyCount) / tToy))
        return table
    }

    static func fileSize(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }

    static func pandas(python: String, url: URL, repeats: Int) throws -> Double {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("bench/data_pandas.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, url.path, String(repeats)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let t = object["seconds"] as? Double
        else {
            throw DataError(.io("pandas run failed: \(String(decoding: data, as: UTF8.self))"))
        }
        return t
    }
}
