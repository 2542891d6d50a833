import ArgumentParser
import Foundation
import ParamRunPipeline
import ParamRunSupport

/// `paramrun verify [SPEC]`: checks store entries byte for byte against their records.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the store's entries against their recorded sizes and SHA-256; exit 1 if any is damaged.",
        discussion:
            "Without a spec, every entry in the store; with one, the entries of its stages. "
            + "Damaged entries are only reported, unless --repair moves them aside, as the next run would."
    )

    @Argument(help: "A spec whose stages to check; all entries when left out.")
    var spec: String?

    @Flag(help: "Move damaged entries to .store/.corrupt/ so the next run computes them again.")
    var repair = false

    @OptionGroup var outputs: OutputOptions

    func run() throws {
        let store = ArtifactStore(outputs: outputs.url)
        var checked = 0, bad = 0, stale = 0
        let started = Date()
        if let spec {
            let (_, graph) = try loadGraph(spec)
            let present = graph.stages.filter { store.check($0.key, thorough: false) != .missing }
            checked = present.count
            for finding in StoreVerifier.verify(present, store: store, repair: repair) {
                bad += 1
                Console.error("error: \(finding.stage): \(finding)")
            }
        } else {
            for key in store.allKeys() {
                checked += 1
                let state = store.check(key)
                switch state {
                case .intact, .missing: continue
                case .stale:
                    stale += 1
                case .corrupt, .incomplete:
                    bad += 1
                    var message = StoreVerifier.describe(key: key, state: state)
                    if repair, let moved = try? store.quarantine(key) { message += "; moved to \(moved.path)" }
                    Console.error("error: \(message)")
                }
            }
        }
        let seconds = Date().timeIntervalSince(started)
        Console.out(
            "\(checked) entr\(checked == 1 ? "y" : "ies") checked in \(String(format: "%.2f", seconds)) s: "
                + "\(checked - bad - stale) intact, \(bad) damaged"
                + (stale > 0
                    ? ", \(stale) from an older paramrun without checksums (never reused; remove them to reclaim space)"
                    : ""))
        if bad > 0 { throw ExitCode(1) }
    }
}
