import ParamRunSupport

/// `cluster:` asks for batch-cluster jobs: backend, cpus, memory, time, partition, account,
/// extra sbatch flags and retries; an empty request when absent.
enum ClusterSection: SpecSection {
    static let key = "cluster"
    static let keys = ["backend", "cpus", "memory", "time", "partition", "account", "sbatch_args", "retries"]

    static func read(_ context: SectionContext) -> ClusterSpec? {
        guard let node = context.node else { return ClusterSpec() }
        return readCluster(node, reader: context.reader)
    }

    static func readCluster(_ node: YAMLNode, reader: NodeReader) -> ClusterSpec? {
        guard let f = reader.fields(node, "cluster", allowed: keys) else { return nil }
        var ok = true
        func word(_ key: String, _ valid: (String) -> Bool, _ expected: String) -> String? {
            guard let n = f[key] else { return nil }
            guard let text = reader.string(n, "cluster.\(key)") else {
                ok = false
                return nil
            }
            guard valid(text) else {
                reader.error(n, "cluster.\(key) must be \(expected), found '\(Excerpt.value(text))'")
                ok = false
                return nil
            }
            return text
        }
        var spec = ClusterSpec()
        if let n = f["backend"] {
            spec.backend = reader.choice(n, "cluster.backend", as: ClusterSpec.Backend.self)
            if spec.backend == nil { ok = false }
        }
        if let n = f["cpus"] {
            spec.cpus = reader.int(n, "cluster.cpus", min: 1)
            if spec.cpus == nil { ok = false }
        }
        if let n = f["retries"] {
            spec.retries = reader.int(n, "cluster.retries", min: 0)
            if spec.retries == nil { ok = false }
        }
        spec.memory = word("memory", ClusterSpec.isValidMemory, "a size such as 4G or 500M")
        spec.time = word("time", ClusterSpec.isValidTime, "a time limit such as 30, 1:30:00 or 2-00:00:00")
        spec.partition = word("partition", ClusterSpec.isValidName, "a single name")
        spec.account = word("account", ClusterSpec.isValidName, "a single name")
        if let n = f["sbatch_args"], let items = reader.list(n, "cluster.sbatch_args") {
            for item in items {
                guard let text = reader.string(item, "each of cluster.sbatch_args") else {
                    ok = false
                    continue
                }
                if let problem = sbatchFlagProblem(text) {
                    reader.error(item, "each of cluster.sbatch_args \(problem), found '\(Excerpt.value(text))'")
                    ok = false
                    continue
                }
                spec.sbatchArgs.append(text)
            }
        } else if f["sbatch_args"] != nil {
            ok = false
        }
        return ok ? spec : nil
    }

    /// Flags paramrun writes itself, or that change what a job runs, where its output goes or
    /// what `sbatch` prints back: a job script cannot take them from the spec.
    static let reservedSbatchFlags = [
        "wrap", "output", "error", "input", "chdir", "array", "dependency", "export", "export-file", "parsable",
        "test-only", "kill-on-invalid-dep"
    ]

    /// Why `text` is not one `sbatch_args` item, or nil. An `#SBATCH` line is split into words
    /// by `sbatch`, so an item is exactly one word: a long flag (`--qos=short`), with no blank,
    /// quote or control character that would make it two. `sbatch` takes any unambiguous start
    /// of a flag's name, so a start of a reserved one (`--wra`) is refused too.
    static func sbatchFlagProblem(_ text: String) -> String? {
        let plain = text.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0.value != 0x7F && !$0.properties.isWhitespace && $0 != "\"" && $0 != "'"
                && $0 != "\\"
        }
        guard text.hasPrefix("--"), text.count > 2, plain else {
            return "must be one sbatch flag starting with '--', without blanks or quotes"
        }
        let name = String(text.dropFirst(2).prefix { $0 != "=" })
        if name.isEmpty { return "must name a flag after '--'" }
        if let reserved = reservedSbatchFlags.first(where: { $0.hasPrefix(name) }) {
            return "cannot hold --\(reserved), which paramrun's job scripts set or which changes what a job runs"
        }
        return nil
    }
}

extension Spec {
    /// Requests for batch-cluster jobs; empty when the spec has no `cluster:` section.
    package var cluster: ClusterSpec { self[ClusterSection.self] ?? ClusterSpec() }
}
