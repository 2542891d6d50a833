import Foundation

/// What a spec asks of a batch cluster: the `cluster:` section. Every field is optional; the
/// command line's options override it field by field (``overridden(by:)``).
package struct ClusterSpec: Hashable, Sendable {
    package enum Backend: String, Hashable, Sendable, CaseIterable { case slurm, htcondor }

    package var backend: Backend?
    /// Cores per job; when absent, a job asks for its stages' own `threads`.
    package var cpus: Int?
    /// Memory per job in Slurm's notation: `4G`, `500M`.
    package var memory: String?
    /// Wall-time limit in Slurm's notation: `30`, `1:30:00`, `2-00:00:00`.
    package var time: String?
    package var partition: String?
    package var account: String?
    /// Further `sbatch` flags, written into every job script as they are.
    package var sbatchArgs: [String]
    /// How often HTCondor DAGMan retries a failed stage (`RETRY`); Slurm does not retry.
    package var retries: Int?

    package init(
        backend: Backend? = nil, cpus: Int? = nil, memory: String? = nil, time: String? = nil,
        partition: String? = nil, account: String? = nil, sbatchArgs: [String] = [], retries: Int? = nil
    ) {
        self.backend = backend
        self.cpus = cpus
        self.memory = memory
        self.time = time
        self.partition = partition
        self.account = account
        self.sbatchArgs = sbatchArgs
        self.retries = retries
    }

    /// These requests with every field `other` sets taken from `other`; extra flags add up.
    package func overridden(by other: ClusterSpec) -> ClusterSpec {
        ClusterSpec(
            backend: other.backend ?? backend, cpus: other.cpus ?? cpus, memory: other.memory ?? memory,
            time: other.time ?? time, partition: other.partition ?? partition, account: other.account ?? account,
            sbatchArgs: sbatchArgs + other.sbatchArgs, retries: other.retries ?? retries)
    }

    /// Slurm's memory notation: a whole number with an optional K, M, G or T.
    package static func isValidMemory(_ text: String) -> Bool {
        text.range(of: #"^[0-9]+[KMGTkmgt]?\z"#, options: .regularExpression) != nil && !text.hasPrefix("0")
    }

    /// Slurm's time notation: minutes, minutes:seconds, hours:minutes:seconds, or days-hours[:minutes[:seconds]].
    package static func isValidTime(_ text: String) -> Bool {
        text.range(of: #"^([0-9]+-[0-9]+(:[0-9]+){0,2}|[0-9]+(:[0-9]+){0,2})\z"#, options: .regularExpression) != nil
    }

    /// Partition and account names go into job scripts, so they must be single plain words.
    package static func isValidName(_ text: String) -> Bool {
        text.range(of: #"^[A-Za-z0-9._,-]+\z"#, options: .regularExpression) != nil
    }
}
