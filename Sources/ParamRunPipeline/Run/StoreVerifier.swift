import Foundation

/// Checks the store entries a run is about to use, and moves damaged ones aside so their
/// stages are computed again: what makes the store trustworthy after a disk error, a kill
/// mid-copy, or a hand edit.
public enum StoreVerifier {
    /// One entry that was not intact.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        /// The stage whose entry it is.
        public var stage: StageID
        /// The entry's key in the store.
        public var key: String
        /// What the check found wrong.
        public var state: ArtifactStore.EntryState
        /// Where the entry was moved; nil when only checked.
        public var movedTo: URL?

        /// What is wrong with the entry and, when it was moved, where to and that the stage runs again.
        public var description: String {
            var text = StoreVerifier.describe(key: key, state: state)
            if let movedTo { text += "; moved to \(movedTo.path), and the stage will be computed again" }
            return text
        }
    }

    /// What is wrong with an entry, naming the key and the file.
    package static func describe(key: String, state: ArtifactStore.EntryState) -> String {
        switch state {
        case .corrupt(let file, let reason): return "store entry \(key) is corrupt: \(file) \(reason)"
        case .incomplete(let reason): return "store entry \(key) is incomplete (\(reason))"
        case .missing: return "store entry \(key) is missing"
        case .intact: return "store entry \(key) is intact"
        case .stale(let version):
            return
                "store entry \(key) has no record of its files' checksums (written by \(version)) and is never reused"
        }
    }

    /// Checks every stage of `stages` that has an entry; with `repair`, moves the bad ones aside.
    /// This is the store's one reuse check: an entry is reused only when it is ``ArtifactStore/EntryState/intact``.
    public static func verify(_ stages: [Stage], store: ArtifactStore, repair: Bool) -> [Finding] {
        var findings: [Finding] = []
        for stage in stages {
            let state = store.check(stage.key)
            switch state {
            case .missing, .intact: continue
            // An entry without its artifacts record at a key of this version cannot have been
            // written by it: nothing vouches for its files, so it is never reused.
            case .corrupt, .incomplete, .stale:
                let moved = repair ? try? store.quarantine(stage.key) : nil
                findings.append(Finding(stage: stage.id, key: stage.key, state: state, movedTo: moved))
            }
        }
        return findings
    }
}
