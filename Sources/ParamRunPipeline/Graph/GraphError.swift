/// A malformed stage graph: only reachable through a planner bug or a hand-built graph.
public enum GraphError: Error, Equatable, CustomStringConvertible {
    case duplicateStage(StageID)
    case missingInput(stage: StageID, input: StageID)
    case cycle([StageID])
    case unknownStage(String, suggestion: String?)

    /// The problem in one line, naming the stages involved.
    public var description: String {
        switch self {
        case .duplicateStage(let id):
            return "stage \(id) appears twice in the graph"
        case .missingInput(let stage, let input):
            return "stage \(stage) needs \(input), which is not in the graph"
        case .cycle(let ids):
            return "the stage graph has a cycle: \((ids + ids.prefix(1)).map(\.description).joined(separator: " -> "))"
        case .unknownStage(let text, let suggestion):
            return "no stage '\(text)' in this spec" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        }
    }
}
