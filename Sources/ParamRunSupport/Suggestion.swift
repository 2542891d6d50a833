/// "Did you mean" suggestions for misspelt keys and names.
package enum Suggestion {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
    package static func closest(to word: String, in candidates: [String]) -> String? {
        // Names in specs are short; a long word (a pasted value) is no typo of one.
        guard word.utf8.count <= 200 else { return nil }
        let limit = max(1, min(3, word.count / 3))
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            // Lengths further apart than the limit cannot be within it: skip the table.
            guard abs(candidate.count - word.count) <= limit else { continue }
            let d = editDistance(lowered, candidate.lowercased())
            if d <= limit, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.candidate
    }

    /// `; did you mean 'guess'?` when a candidate is close to `word`, else nothing: the tail of a
    /// diagnostic about a name the spec got wrong.
    package static func didYouMean(_ word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Levenshtein distance, with adjacent transpositions counted once (so `lerning` ~ `learning`).
    package static func editDistance(_ a: String, _ b: String) -> Int {
        // Over UTF-8 bytes: names in specs are ASCII, and bytes compare far faster than Characters.
        let a = Array(a.utf8), b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
