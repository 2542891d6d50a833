@testable import ParamRunSupport
import Testing

@Suite struct SuggestionTests {
    @Test func editDistanceCountsTranspositionsOnce() {
        #expect(Suggestion.editDistance("relu", "rleu") == 1)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("", "abc") == 3)
    }

    @Test func suggestsOnlyCloseCandidates() {
        #expect(Suggestion.closest(to: "learning_rat", in: ["learning_rate", "momentum"]) == "learning_rate")
        #expect(Suggestion.closest(to: "banana", in: ["learning_rate", "momentum"]) == nil)
    }
}
