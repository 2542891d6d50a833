import Foundation
import Testing

/// The shape rules of Sources/ (issue 22, and the style of docs/ARCHITECTURE.md), checked on every
/// `make test` so review does not have to: every `public` declaration documented, no file over
/// 400 lines, no line over 120 characters, no function body over 80 lines, and a `paramrun stage`
/// argument list built only in StageInvocation. Each rule is its own test, and each failure names
/// file:line.
///
/// The scan is textual, not a parse. Its limits:
/// - A declaration counts as public when `public` is among the modifiers that start its line
///   (after any attributes); a `public` written on a continuation line is not seen.
/// - "Documented" means the nearest line above, skipping attribute-only lines (`@inlinable`), starts
///   with `///`; a `/** */` block does not count.
/// - Function bodies are found by brace counting from a line that starts a `func`, `init`,
///   `subscript` or `deinit` to its closing brace, ignoring braces in comments and string literals
///   (interpolations included, raw strings treated as plain ones). Closures count toward the function
///   that holds them; computed properties and accessors are not checked.
@Suite("Source rules")
struct SourceRulesTests {
    static let maximumFileLines = 400
    static let maximumLineLength = 120
    static let maximumFunctionLines = 80

    /// One Swift file under Sources/, by its path from the repository root.
    struct SourceFile {
        let path: String
        let target: String
        let lines: [String]
    }

    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every Swift file under Sources/, sorted by path.
    static func sources() throws -> [SourceFile] {
        let sources = root.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: sources.path])
        }
        var files: [SourceFile] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            let target = relative.split(separator: "/").dropFirst().first.map(String.init) ?? ""
            let text = try String(contentsOf: url, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            files.append(SourceFile(path: relative, target: target, lines: lines))
        }
        return files.sorted { $0.path < $1.path }
    }

    @Test("the scan finds the sources")
    func scanFindsSources() throws {
        let files = try Self.sources()
        #expect(files.count > 50)
        #expect(files.contains { $0.path == "Sources/ParamRunSupport/SeededGenerator.swift" })
    }

    @Test("every public declaration has a /// comment directly above it")
    func publicDeclarationsAreDocumented() throws {
        var undocumented: [String] = []
        for file in try Self.sources() {
            for (index, line) in file.lines.enumerated() where Self.declaresPublic(line) {
                var above = index - 1
                while above >= 0, Self.isAttributeOnly(file.lines[above]) { above -= 1 }
                let documented = above >= 0 && file.lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("///")
                if !documented {
                    undocumented.append("\(file.path):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(undocumented.isEmpty, "public without ///:\n\(undocumented.joined(separator: "\n"))")
    }

    @Test("no file is over 400 lines")
    func filesAreShort() throws {
        let long = try Self.sources().compactMap { file -> String? in
            let count = file.lines.last == "" ? file.lines.count - 1 : file.lines.count
            return count > Self.maximumFileLines ? "\(file.path):1: \(count) lines" : nil
        }
        #expect(long.isEmpty, "files over \(Self.maximumFileLines) lines:\n\(long.joined(separator: "\n"))")
    }

    @Test("no line is over 120 characters")
    func linesAreShort() throws {
        var long: [String] = []
        for file in try Self.sources() {
            for (index, line) in file.lines.enumerated() where line.count > Self.maximumLineLength {
                long.append("\(file.path):\(index + 1): \(line.count) characters")
            }
        }
        let report = "lines over \(Self.maximumLineLength) characters:\n\(long.joined(separator: "\n"))"
        #expect(long.isEmpty, "\(report)")
    }

    @Test("no function body is over 80 lines")
    func functionsAreShort() throws {
        var long: [String] = []
        for file in try Self.sources() {
            for function in Self.functionSpans(file.lines) where function.lines > Self.maximumFunctionLines {
                long.append("\(file.path):\(function.start): \(function.lines) lines")
            }
        }
        #expect(long.isEmpty, "functions over \(Self.maximumFunctionLines) lines:\n\(long.joined(separator: "\n"))")
    }

    @Test("a paramrun stage argument list is built only in StageInvocation")
    func stageArgumentsOnlyInStageInvocation() throws {
        let checked: Set<String> = ["ParamRunPipeline", "ParamRunCluster", "ParamRunCLI"]
        var builders: [String] = []
        for file in try Self.sources() where checked.contains(file.target) {
            guard !(file.path.split(separator: "/").last ?? "").hasPrefix("StageInvocation") else { continue }
            // `commandName: "stage",` names the subcommand; it builds no argument list.
            for (index, line) in file.lines.enumerated()
            where line.contains("\"stage\",") && !line.contains("commandName:") {
                builders.append("\(file.path):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(builders.isEmpty, "stage arguments outside StageInvocation:\n\(builders.joined(separator: "\n"))")
    }

    @Test("the function scan counts braces outside strings and comments")
    func functionScanIgnoresStringsAndComments() {
        let lines = [
            "struct S {",
            "    func f() -> String {",
            "        // a { in a comment",
            "        let s = \"}\\(g(\"{\"))\"",
            "        /* } */",
            "        return s",
            "    }",
            "    public init(x: Int,",
            "                y: Int) {",
            "    }",
            "}"
        ]
        let spans = Self.functionSpans(lines)
        #expect(spans.map(\.start) == [2, 8])
        #expect(spans.map(\.lines) == [6, 3])
        #expect(Self.declaresPublic("    @inlinable public static func f() {}"))
        #expect(Self.declaresPublic("    public private(set) var x = 0"))
        #expect(!Self.declaresPublic("    /// public things"))
        #expect(!Self.declaresPublic("    package func f() {}"))
    }

    /// Whether `line` starts a declaration with `public` among its leading modifiers.
    static func declaresPublic(_ line: String) -> Bool {
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
        while let word = words.first {
            if word == "public" || word.hasPrefix("public(") { return true }
            guard word.hasPrefix("@") || modifiers.contains(String(word)) else { return false }
            words = words.dropFirst()
        }
        return false
    }

    static let modifiers: Set<String> = [
        "final", "static", "class", "override", "mutating", "nonmutating", "convenience", "required", "nonisolated",
        "indirect", "lazy", "dynamic", "optional"
    ]

    /// A line that holds only attributes, such as `@inlinable` or `@discardableResult`.
    static func isAttributeOnly(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("@") && !trimmed.contains(" func ") && !trimmed.contains(" var ")
            && !trimmed.contains(" let ") && !trimmed.contains(" init")
    }

    /// Each function's first line (1-based) and its length in lines, up to its closing brace.
    static func functionSpans(_ lines: [String]) -> [(start: Int, lines: Int)] {
        var scanner = CodeScanner()
        var open: [(depth: Int, start: Int)] = []
        var pending: Int?
        var pendingContinues = false
        var depth = 0
        var spans: [(start: Int, lines: Int)] = []
        for (index, line) in lines.enumerated() {
            let code = scanner.code(of: line)
            let trimmed = code.trimmingCharacters(in: .whitespaces)
            // A requirement without a body (a protocol's) ends at its line unless the next one goes on.
            if pending != nil, !pendingContinues, !Self.continuationStarts.contains(where: { trimmed.hasPrefix($0) }) {
                pending = nil
            }
            if pending == nil, startsFunction(code) { pending = index + 1 }
            for character in code {
                if character == "{" {
                    depth += 1
                    if let start = pending { open.append((depth, start)); pending = nil }
                } else if character == "}" {
                    if let last = open.last, last.depth == depth {
                        open.removeLast()
                        spans.append((last.start, index + 1 - last.start + 1))
                    }
                    depth -= 1
                }
            }
            pendingContinues = continues(code)
        }
        return spans.sorted { $0.start < $1.start }
    }

    /// How a signature's next line may start: its effects, result type, constraints or body.
    static let continuationStarts = ["throws", "rethrows", "async", "->", "where", "{"]

    /// Whether a declaration line goes on to the next line: open parentheses or a trailing comma.
    private static func continues(_ code: String) -> Bool {
        let opened = code.filter { $0 == "(" }.count - code.filter { $0 == ")" }.count
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        return opened > 0 || trimmed.hasSuffix(",") || trimmed.hasSuffix("(") || trimmed.hasSuffix("->")
    }

    private static func startsFunction(_ code: String) -> Bool {
        var words = code.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
        while let word = words.first {
            if word == "func" || word == "deinit" || word.hasPrefix("init(") || word.hasPrefix("init?(")
                || word.hasPrefix("init<") || word.hasPrefix("subscript(") || word.hasPrefix("subscript<")
            {
                return true
            }
            let access = ["public", "package", "internal", "fileprivate", "private"].contains { word.hasPrefix($0) }
            guard word.hasPrefix("@") || access || modifiers.contains(String(word)) else { return false }
            words = words.dropFirst()
        }
        return false
    }

    /// Strips comments and string literals from lines read in order, carrying block comments and
    /// multi-line strings from one line to the next.
    struct CodeScanner {
        var inBlockComment = 0
        var inMultilineString = false

        mutating func code(of line: String) -> String {
            let characters = Array(line)
            var out = ""
            var i = 0
            func starts(_ text: String, at index: Int) -> Bool {
                let pattern = Array(text)
                guard index + pattern.count <= characters.count else { return false }
                return Array(characters[index..<index + pattern.count]) == pattern
            }
            while i < characters.count {
                if inBlockComment > 0 {
                    if starts("*/", at: i) {
                        inBlockComment -= 1; i += 2
                    } else if starts("/*", at: i) {
                        inBlockComment += 1; i += 2
                    } else {
                        i += 1
                    }
                    continue
                }
                if inMultilineString {
                    if starts("\"\"\"", at: i) { inMultilineString = false; i += 3 } else { i += 1 }
                    continue
                }
                if starts("//", at: i) { break }
                if starts("/*", at: i) { inBlockComment += 1; i += 2; continue }
                if starts("\"\"\"", at: i) { inMultilineString = true; i += 3; continue }
                if characters[i] == "\"" {
                    i = endOfString(characters, from: i + 1)
                    continue
                }
                out.append(characters[i])
                i += 1
            }
            return out
        }

        /// The index after the quote that closes a one-line string opened before `start`; quotes
        /// inside an interpolation `\( … )` do not close it.
        private func endOfString(_ characters: [Character], from start: Int) -> Int {
            var i = start
            var interpolation = 0
            while i < characters.count {
                let c = characters[i]
                if c == "\\", i + 1 < characters.count {
                    if characters[i + 1] == "(" { interpolation += 1 }
                    i += 2
                    continue
                }
                if interpolation > 0 {
                    if c == "(" { interpolation += 1 } else if c == ")" { interpolation -= 1 }
                } else if c == "\"" {
                    return i + 1
                }
                i += 1
            }
            return i
        }
    }
}
