/// Splits an expression's text into tokens, each with the 1-based column it starts at.
struct ExpressionLexer {
    /// One token of an expression.
    struct Token: Hashable {
        enum Kind: Hashable {
            case number(Double)
            case name(String)
            /// An operator or punctuation: `+ - * / < <= > >= == != && || ! ( ) [ ] , ??`.
            case symbol(String)
            case end
        }
        var kind: Kind
        var column: Int
    }

    static let symbols: [String] = [
        "&&", "||", "<=", ">=", "==", "!=", "??", "+", "-", "*", "/", "<", ">", "!", "(", ")", "[", "]", ","
    ]

    /// The tokens of `text`, ending with `.end` one column past its last character.
    static func tokens(_ text: String) throws(ExpressionError) -> [Token] {
        let chars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                i += 1
                continue
            }
            let start = i
            if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                i = numberEnd(chars, from: i)
                let literal = String(String.UnicodeScalarView(chars[start..<i]))
                guard let value = Double(literal), value.isFinite else {
                    throw ExpressionError(.syntax, in: text, at: start + 1, "'\(literal)' is not a number")
                }
                if i < chars.count, isNameStart(chars[i]) {
                    throw ExpressionError(
                        .syntax, in: text, at: i + 1, "a number cannot run into a name; put an operator between")
                }
                tokens.append(Token(kind: .number(value), column: start + 1))
            } else if isNameStart(c) {
                while i < chars.count, isNameStart(chars[i]) || isDigit(chars[i]) || chars[i] == "." { i += 1 }
                tokens.append(Token(kind: .name(String(String.UnicodeScalarView(chars[start..<i]))), column: start + 1))
            } else if let symbol = symbols.first(where: { matches($0, chars, at: i) }) {
                i += symbol.unicodeScalars.count
                tokens.append(Token(kind: .symbol(symbol), column: start + 1))
            } else {
                let hint: String
                switch c {
                case "&": hint = "; 'and' is written &&"
                case "|": hint = "; 'or' is written ||"
                case "=": hint = "; equality is written =="
                default: hint = ""
                }
                throw ExpressionError(.syntax, in: text, at: start + 1, "unexpected character '\(c)'" + hint)
            }
        }
        tokens.append(Token(kind: .end, column: chars.count + 1))
        return tokens
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }

    /// Where a number starting at `i` ends: digits, a fraction, an exponent.
    static func numberEnd(_ chars: [Unicode.Scalar], from start: Int) -> Int {
        var i = start
        while i < chars.count, isDigit(chars[i]) { i += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            while i < chars.count, isDigit(chars[i]) { i += 1 }
        }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            var j = i + 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            if j < chars.count, isDigit(chars[j]) {
                while j < chars.count, isDigit(chars[j]) { j += 1 }
                i = j
            }
        }
        return i
    }

    static func matches(_ symbol: String, _ chars: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i
        for s in symbol.unicodeScalars {
            guard j < chars.count, chars[j] == s else { return false }
            j += 1
        }
        return true
    }
}
