import CYAML
import Foundation
import ParamRunSupport

/// Composes a ``YAMLNode`` tree from system libyaml's event stream.
///
/// Hostile input is bounded: nesting deeper than ``maximumDepth`` and aliases that together
/// stand for more than ``aliasBudget`` nodes (a "billion laughs") are errors at their line, so
/// neither the composer's recursion nor a reader's walk can run away.
///
/// libyaml's own document loader is not used because it drops nothing we need but also gives no
/// hook for merge keys, and its alias errors carry no position; composing from events gives both.
package enum YAMLParser {
    /// The deepest nesting of lists and mappings a spec may have; real specs use fewer than ten.
    package static let maximumDepth = 200
    /// How many nodes all aliases of one spec may stand for together; anchors that a spec
    /// reuses for its network settings stand for tens.
    package static let aliasBudget = 100_000
    /// The largest spec file read, 16 MiB: the largest real spec is a few kilobytes, and a file
    /// of gigabytes would be held in memory several times over before its first error. A stream
    /// (a pipe, `/dev/stdin`) is read into memory only up to here.
    package static let maximumFileSize = 16 * 1024 * 1024

    /// Parses `text`, naming `file` in every location. Throws ``SpecError``.
    package static func parse(_ text: String, file: String) throws -> YAMLNode {
        var bytes = Array(text.utf8)
        // libyaml needs a non-null pointer even for an empty file.
        if bytes.isEmpty { bytes = [0] }
        let count = text.utf8.count
        return try bytes.withUnsafeBufferPointer { buffer in
            guard let parser = LibYAMLParser() else {
                throw SpecError(
                    [
                        Diagnostic(
                            SourceLocation(file: file, line: 1, column: 1),
                            "libyaml could not be initialised")
                    ], source: text)
            }
            // The input buffer outlives the parser's use of it: both end with this closure.
            yaml_parser_set_input_string(parser.pointer, buffer.baseAddress, count)
            var composer = Composer(parser: parser, file: file)
            do {
                return try composer.composeStream()
            } catch let error as Composer.Failure {
                throw SpecError([error.diagnostic], source: text)
            }
        }
    }

    /// Reads and parses a spec file; a missing or unreadable file is reported like any other problem.
    package static func parseFile(atPath path: String) throws -> (node: YAMLNode, source: String) {
        let origin = SourceLocation(file: path, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SpecError([Diagnostic(origin, "no such file")], source: nil)
        }
        guard !isDirectory.boolValue else {
            throw SpecError([Diagnostic(origin, "is a directory, not a spec file")], source: nil)
        }
        // A regular file's size is known before reading: refuse it by name, with its size.
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maximumFileSize else {
            throw SpecError([Diagnostic(origin, Self.tooLarge(size))], source: nil)
        }
        // Read once, so a spec piped in (`cat spec.yaml | paramrun validate /dev/stdin`) arrives whole.
        let bytes: [UInt8]
        do {
            bytes = try InputFile.contents(atPath: path, limit: maximumFileSize)
        } catch {
            throw SpecError([Diagnostic(origin, "cannot read file: \(error.reason)")], source: nil)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SpecError([Diagnostic(origin, "file is not UTF-8 text")], source: nil)
        }
        return (try parse(text, file: path), text)
    }

    static func tooLarge(_ size: Int) -> String {
        "the spec file is \(ByteSize.describe(Double(size))), more than the \(maximumFileSize / 1024 / 1024) MiB "
            + "a spec may be"
    }
}

/// A libyaml parser in memory that this object owns, so the pointer the composer keeps is
/// valid for as long as the composer holds the object (a pointer taken from an `inout`
/// argument would not be).
private final class LibYAMLParser {
    let pointer: UnsafeMutablePointer<yaml_parser_t>

    init?() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: yaml_parser_t())
        guard yaml_parser_initialize(pointer) == 1 else {
            pointer.deallocate()
            return nil
        }
    }

    deinit {
        yaml_parser_delete(pointer)
        pointer.deallocate()
    }
}

/// A single libyaml event, copied out of C memory so it can outlive `yaml_event_delete`.
private struct Event {
    enum Kind {
        case streamStart, streamEnd, documentStart, documentEnd, alias, scalar, sequenceStart, sequenceEnd,
            mappingStart, mappingEnd, none
    }
    var kind: Kind
    var line: Int
    var column: Int
    var anchor: String?
    var tag: String?
    var value: String = ""
    var plain = true
}

private struct Composer {
    struct Failure: Error { var diagnostic: Diagnostic }

    let owner: LibYAMLParser
    var parser: UnsafeMutablePointer<yaml_parser_t> { owner.pointer }
    let file: String
    var anchors: [String: YAMLNode] = [:]
    var pending: Event?
    /// Lists and mappings open around the node being composed.
    var depth = 0
    /// Nodes the aliases met so far stand for.
    var aliased = 0

    init(parser: LibYAMLParser, file: String) {
        self.owner = parser
        self.file = file
    }

    func location(_ event: Event) -> SourceLocation {
        SourceLocation(file: file, line: event.line, column: event.column)
    }

    func fail(_ event: Event, _ message: String) -> Failure {
        Failure(diagnostic: Diagnostic(location(event), message))
    }

    mutating func next() throws -> Event {
        if let event = pending {
            pending = nil
            return event
        }
        var raw = yaml_event_t()
        guard yaml_parser_parse(parser, &raw) == 1 else {
            throw syntaxFailure()
        }
        defer { yaml_event_delete(&raw) }
        return Self.copy(raw)
    }

    mutating func peek() throws -> Event {
        let event = try next()
        pending = event
        return event
    }

    func syntaxFailure() -> Failure {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "malformed YAML"
        var message = "YAML syntax: \(problem)"
        if let context = p.context.map({ String(cString: $0) }) {
            message += " (\(context) at line \(p.context_mark.line + 1))"
        }
        let loc = SourceLocation(
            file: file, line: Int(p.problem_mark.line) + 1,
            column: Int(p.problem_mark.column) + 1)
        return Failure(diagnostic: Diagnostic(loc, message))
    }

    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return pointer.withMemoryRebound(to: CChar.self, capacity: 1) { String(cString: $0) }
    }

    static func copy(_ raw: yaml_event_t) -> Event {
        let line = Int(raw.start_mark.line) + 1
        let column = Int(raw.start_mark.column) + 1
        switch raw.type {
        case YAML_STREAM_START_EVENT: return Event(kind: .streamStart, line: line, column: column)
        case YAML_STREAM_END_EVENT: return Event(kind: .streamEnd, line: line, column: column)
        case YAML_DOCUMENT_START_EVENT: return Event(kind: .documentStart, line: line, column: column)
        case YAML_DOCUMENT_END_EVENT: return Event(kind: .documentEnd, line: line, column: column)
        case YAML_ALIAS_EVENT:
            return Event(kind: .alias, line: line, column: column, anchor: string(raw.data.alias.anchor))
        case YAML_SCALAR_EVENT:
            let s = raw.data.scalar
            let value =
                s.value.map { pointer in
                    pointer.withMemoryRebound(to: UInt8.self, capacity: s.length) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self)
                    }
                } ?? ""
            return Event(
                kind: .scalar, line: line, column: column, anchor: string(s.anchor),
                tag: string(s.tag), value: value, plain: s.style == YAML_PLAIN_SCALAR_STYLE)
        case YAML_SEQUENCE_START_EVENT:
            let s = raw.data.sequence_start
            return Event(
                kind: .sequenceStart, line: line, column: column,
                anchor: string(s.anchor), tag: string(s.tag))
        case YAML_SEQUENCE_END_EVENT: return Event(kind: .sequenceEnd, line: line, column: column)
        case YAML_MAPPING_START_EVENT:
            let m = raw.data.mapping_start
            return Event(
                kind: .mappingStart, line: line, column: column,
                anchor: string(m.anchor), tag: string(m.tag))
        case YAML_MAPPING_END_EVENT: return Event(kind: .mappingEnd, line: line, column: column)
        default: return Event(kind: .none, line: line, column: column)
        }
    }

    mutating func composeStream() throws -> YAMLNode {
        let start = try next()
        guard start.kind == .streamStart else { throw fail(start, "expected the start of a YAML stream") }
        let first = try next()
        if first.kind == .streamEnd {
            throw Failure(
                diagnostic: Diagnostic(
                    SourceLocation(file: file, line: 1, column: 1),
                    "the spec is empty"))
        }
        guard first.kind == .documentStart else { throw fail(first, "expected a YAML document") }
        let root = try composeNode()
        let end = try next()
        guard end.kind == .documentEnd else { throw fail(end, "expected the end of the document") }
        let after = try next()
        if after.kind == .documentStart {
            throw fail(after, "a spec holds one YAML document; found a second one")
        }
        return root
    }

    mutating func composeNode() throws -> YAMLNode {
        let event = try next()
        let node: YAMLNode
        switch event.kind {
        case .alias:
            guard let name = event.anchor, var target = anchors[name] else {
                throw fail(event, "alias '*\(event.anchor ?? "")' refers to an undefined anchor")
            }
            aliased = aliased &+ target.size
            guard aliased <= YAMLParser.aliasBudget else {
                throw fail(
                    event,
                    "aliases expand to more than \(YAMLParser.aliasBudget) nodes (alias '*\(name)' alone stands "
                        + "for \(target.size)); a spec this large is refused"
                )
            }
            // The alias stands where it is used, but its contents keep their own locations.
            target.location = location(event)
            return target
        case .scalar:
            node = YAMLNode(.scalar(event.value, plain: event.plain), at: location(event), tag: event.tag)
        case .sequenceStart:
            try enter(event)
            defer { depth -= 1 }
            var items: [YAMLNode] = []
            while try peek().kind != .sequenceEnd {
                items.append(try composeNode())
            }
            _ = try next()
            node = YAMLNode(.sequence(items), at: location(event), tag: event.tag)
        case .mappingStart:
            try enter(event)
            defer { depth -= 1 }
            node = try composeMapping(start: event)
        default:
            throw fail(event, "unexpected YAML event")
        }
        if let anchor = event.anchor { anchors[anchor] = node }
        return node
    }

    /// Counts one more open list or mapping, refusing nesting that would exhaust the stack.
    mutating func enter(_ event: Event) throws {
        depth += 1
        guard depth <= YAMLParser.maximumDepth else {
            throw fail(
                event,
                "lists and mappings nest more than \(YAMLParser.maximumDepth) levels deep here; a spec this deep "
                    + "is refused"
            )
        }
    }

    /// Builds a mapping, applying `<<` merge keys: explicit keys win over merged ones, and
    /// earlier merged mappings win over later ones, as YAML's merge-key spec says.
    mutating func composeMapping(start: Event) throws -> YAMLNode {
        var own: [YAMLNode.Pair] = []
        var merged: [YAMLNode.Pair] = []
        var mergedKeys = Set<String>()
        while try peek().kind != .mappingEnd {
            let key = try composeNode()
            let value = try composeNode()
            if key.isPlainScalar, key.scalar == "<<" {
                for source in try mergeSources(value) {
                    for pair in source {
                        // Earlier merged mappings win: a key already merged is not taken again.
                        if let key = pair.key.scalar, !mergedKeys.insert(key).inserted { continue }
                        merged.append(pair)
                    }
                }
            } else {
                own.append(YAMLNode.Pair(key: key, value: value))
            }
        }
        _ = try next()
        let ownKeys = Set(own.compactMap(\.key.scalar))
        let extra = merged.filter { pair in pair.key.scalar.map { !ownKeys.contains($0) } ?? true }
        return YAMLNode(.mapping(own + extra), at: location(start), tag: start.tag)
    }

    func mergeSources(_ value: YAMLNode) throws -> [[YAMLNode.Pair]] {
        switch value.content {
        case .mapping(let pairs):
            return [pairs]
        case .sequence(let items):
            return try items.map { item in
                guard case .mapping(let pairs) = item.content else {
                    throw Failure(
                        diagnostic: Diagnostic(
                            item.location,
                            "a merge key ('<<') takes a mapping or a list of mappings, found \(item.kindName)"))
                }
                return pairs
            }
        case .scalar:
            throw Failure(
                diagnostic: Diagnostic(
                    value.location,
                    "a merge key ('<<') takes a mapping or a list of mappings, found \(value.kindName)"))
        }
    }
}
