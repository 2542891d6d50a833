import ParamRunSupport

/// `limits: {memory: 16G}`: what one stage may hold in memory, checked before any work.
enum LimitsSection: SpecSection {
    static let key = "limits"
    static let keys = ["memory"]

    static func read(_ context: SectionContext) -> MemoryLimit? {
        guard let node = context.node else { return MemoryLimit() }
        let reader = context.reader
        guard let f = reader.fields(node, "limits", allowed: keys) else { return MemoryLimit() }
        if let n = f["memory"] {
            guard let text = n.scalar, !n.isNull, let bytes = ByteSize.parse(text) else {
                reader.error(n, "limits.memory must be a size such as 16G or 512M, found \(reader.describe(n))")
                return MemoryLimit()
            }
            return MemoryLimit(bytes: bytes, source: "limits.memory")
        }
        return MemoryLimit()
    }
}

/// The memory a single stage may use: `limits.memory`, or this machine's memory.
struct MemoryLimit: Hashable, Sendable {
    var bytes = ByteSize.physicalMemory
    /// Where the limit comes from, for the message that refuses a stage.
    var source = "this machine's memory; set limits.memory to change it"
}
