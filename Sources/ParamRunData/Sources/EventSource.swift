import Foundation

/// One place events come from: a generator, or a file format.
///
/// A conforming type owns everything about its source: the word a spec names it by, what
/// follows that word, its feature names, the files whose change must invalidate cached
/// results, and how to read or make its events. Register it in ``EventSources/registered``;
/// the spec language, the planner and the `load` stage ask that list and nothing else.
public protocol EventSource: Sendable {
    /// The word a spec names the source by: `source: toy`, `source: {hepmass: PATH}`.
    static var name: String { get }
    /// What follows the name in a spec.
    static var argument: EventSourceArgument { get }
    /// What the argument is, in error messages: "HEPMASS file", "m_WWbb folder".
    static var argumentDescription: String { get }
    /// Whether θ may be negative (the toy's θ is a bare number, not a mass).
    static var allowsNegativeMasses: Bool { get }
    /// The θ conditions beyond the mass this source can make events under (``DatasetRequest/conditions``),
    /// each with the unit its values are in (`""` for a dimensionless one); empty for most sources.
    static var conditions: [(name: String, unit: String)] { get }
    /// How plots label this source's features, by name (`mwwbb` → `m_WWbb [GeV]`); a feature not
    /// named here is labelled by its name.
    static var featureLabels: [String: String] { get }
    /// The values θ component `component` (`mass`, or one of ``conditions``) may take for this
    /// source to make events, in the component's own unit (GeV for the mass); nil: any finite
    /// value. A generator declares the θ it can make events at, so a spec asking for more is
    /// refused at the value's line, and the generator refuses it too.
    static func validRange(of component: String) -> ClosedRange<Double>?

    /// Opens the source at a path already resolved against the spec's folder (nil for generators
    /// and for sources that take options).
    init(path: String?)

    /// Opens the source a reference names: its path, or its options with the folder their
    /// relative paths start from. The default calls ``init(path:)``; a source taking
    /// ``EventSourceArgument/options`` implements this one, and may leave ``init(path:)`` to the
    /// default, which passes the path on as a reference.
    init(reference: SourceReference)

    /// Problems with the options the spec wrote, each at a path inside them, so validation can
    /// point at that line. Empty when they are usable; asked only of ``EventSourceArgument/options``
    /// sources, and before any other question.
    func optionProblems() -> [SourceProblem]

    /// The feature columns the source provides, in order.
    var featureNames: [String] { get }

    /// Problems with asking this source for `masses`, by the index of the offending mass, so
    /// validation can point at that line. Empty when every mass can be provided.
    func problems(masses: [Double]) -> [(index: Int, message: String)]

    /// The files a load reads, whose size and modification time go into the cache key.
    func filesToFingerprint(masses: [Double]) -> [String]

    /// Signal events (θ = their mass) and background events (θ as stored, or 0), before
    /// background θ is assigned and before splitting.
    func events(for request: DatasetRequest) throws -> (signal: EventTable, background: EventTable)

    /// Whether background events carry a θ of their own that ``BackgroundTheta/asStored`` keeps.
    var storesBackgroundTheta: Bool { get }
}

/// What follows a source's name in a spec.
public enum EventSourceArgument: String, Sendable {
    /// Nothing: a generator, named as `source: NAME` or `source: {generator: NAME}`.
    case none
    /// A file path: `source: {NAME: PATH}`.
    case file
    /// A folder path: `source: {NAME: FOLDER}`.
    case folder
    /// Options, any YAML value the source reads itself (``SourceValue``): `source: {NAME: {…}}`.
    case options
}

extension EventSource {
    /// By default θ must not be negative.
    public static var allowsNegativeMasses: Bool { false }
    /// By default a source makes events under no conditions.
    public static var conditions: [(name: String, unit: String)] { [] }
    /// By default plots label every feature by its name.
    public static var featureLabels: [String: String] { [:] }
    /// By default any finite θ: a file holds what it holds, and `problems(masses:)` says what it lacks.
    public static func validRange(of component: String) -> ClosedRange<Double>? { nil }
    /// A source that takes no argument generates its events.
    public static var isGenerator: Bool { argument == .none }
    /// By default background events have no θ of their own.
    public var storesBackgroundTheta: Bool { false }
    /// By default every mass can be provided.
    public func problems(masses: [Double]) -> [(index: Int, message: String)] { [] }
    /// By default a source reads no files (a generator).
    public func filesToFingerprint(masses: [Double]) -> [String] { [] }
    /// By default a source takes no options, so none can be wrong.
    public func optionProblems() -> [SourceProblem] { [] }
    /// Opens the source at the reference's path.
    public init(reference: SourceReference) { self.init(path: reference.path) }
    /// Opens the source through ``init(reference:)``, for sources that take options.
    public init(path: String?) { self.init(reference: SourceReference(name: Self.name, path: path)) }
}

/// A source as a spec names it and a stage's configuration records it: its name and its
/// path, already absolute, or its options and the folder their relative paths start from.
/// Codable, so it is part of a `load` stage's cache key.
public struct SourceReference: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The source's spec name, one of ``EventSources/names``.
    public var name: String
    /// The file or folder the source reads; nil for generators and sources given by options.
    public var path: String?
    /// What the spec wrote after the name, for an ``EventSourceArgument/options`` source.
    public var options: SourceValue?
    /// The spec's folder, absolute: relative paths inside ``options`` start there.
    public var baseDirectory: String?

    /// A reference to source `name`, with its path or options; relative paths in the options start at `baseDirectory`.
    public init(name: String, path: String? = nil, options: SourceValue? = nil, baseDirectory: String? = nil) {
        self.name = name
        self.path = path
        self.options = options
        self.baseDirectory = baseDirectory
    }

    /// A path written inside the options, made absolute against ``baseDirectory``.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let base = URL(fileURLWithPath: baseDirectory ?? FileManager.default.currentDirectoryPath, isDirectory: true)
        return base.appendingPathComponent(path).standardizedFileURL.path
    }

    /// The registered type of this source; nil for a name nothing registered.
    public var type: (any EventSource.Type)? { EventSources.named(name) }

    /// Opens the source; throws for a name nothing registered.
    public func open() throws -> any EventSource {
        guard let type else {
            throw DataError(
                .invalidRequest("unknown event source '\(name)'; known: \(EventSources.names.joined(separator: ", "))"))
        }
        return type.init(reference: self)
    }

    /// Whether the named source generates its events (false for an unknown name).
    public var isGenerator: Bool { type?.isGenerator ?? false }

    /// The source's name: random streams are labelled by it, so it must never change.
    public var description: String { name }
}
