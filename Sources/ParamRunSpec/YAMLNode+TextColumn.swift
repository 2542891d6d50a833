extension YAMLNode {
    /// Where character `column` (1-based) of this scalar's text is in the file: an expression's
    /// error points into the spec line. Past an opening quote; a block scalar (`|`, `>`), whose
    /// text starts on a later line, and a nil column give the node's own place.
    func location(ofColumn column: Int?) -> SourceLocation {
        guard let column, case .scalar(let text, let plain) = content, !text.contains("\n") else { return location }
        var at = location
        at.column += column - 1 + (plain ? 0 : 1)
        return at
    }
}
