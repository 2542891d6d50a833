/// Why `paramrun predict` cannot score a file with a model, naming the model file.
enum PredictError: Error, CustomStringConvertible, Equatable {
    /// A parameterized network was given no mass to evaluate it at.
    case needsMass(model: String)
    /// `--condition` named a θ condition the network does not take.
    case unknownCondition(model: String, name: String, takes: [String])
    /// The network takes a θ condition that neither `--condition` nor the events file gives.
    case missingCondition(model: String, name: String, events: String)
    /// `--mass` or a `--condition` value is NaN, infinite, or too large for the network's Float inputs.
    case nonFiniteInput(option: String, text: String)
    /// The network gave a NaN or infinite score for event `event` (1-based, in file order).
    case nonFiniteScore(model: String, events: String, event: Int, score: Float)

    var description: String {
        switch self {
        case .needsMass(let model):
            return "\(model) is a parameterized network: give the mass to evaluate it at with --mass"
        case .unknownCondition(let model, let name, let takes):
            let taken = takes.isEmpty ? "takes no θ conditions" : "takes \(takes.joined(separator: ", "))"
            return "\(model) has no θ condition '\(name)': it \(taken)"
        case .missingCondition(let model, let name, let events):
            return "\(model) takes the θ condition '\(name)': give its value with --condition \(name)=VALUE, "
                + "or a '\(name)' column in \(events)"
        case .nonFiniteInput(let option, let text):
            return "\(option) needs a finite number within Float's range (about ±3.4e38), found '\(text)'"
        case .nonFiniteScore(let model, let events, let event, let score):
            return "\(model) scores event \(event) of \(events) as \(score): a score that is not finite is no result, "
                + "so none is written (its weights or the event's values overflow)"
        }
    }
}
