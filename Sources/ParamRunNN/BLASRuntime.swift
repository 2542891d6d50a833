import COpenBLAS
import Foundation

/// The OpenBLAS library this process runs on: which kernels it uses and how many threads.
///
/// Debian's OpenBLAS detects some Xeon cores as a generic core (for instance "Prescott") and
/// then runs SSE3 kernels, about five times slower than the AVX-512 ones the CPU supports.
/// OpenBLAS reads `OPENBLAS_CORETYPE` only when it loads, so the fix is to re-execute the
/// process once with that variable set; ``ensureBestKernel()`` does this.
public enum BLASRuntime {
    /// The environment variable OpenBLAS reads at load time to force a kernel family.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"
    /// Set on the re-executed process so that it never re-executes again.
    public static let reexecMarkerVariable = "PARAMRUN_BLAS_REEXEC"

    /// The kernel family OpenBLAS uses, as it names it (e.g. "SkylakeX", "Haswell", "Prescott").
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's version string, e.g. "0.3.21".
    public static var version: String {
        guard let config = openblas_get_config() else { return "unknown" }
        // The configuration string starts "OpenBLAS 0.3.21 ..."
        let words = String(cString: config).split(separator: " ")
        return words.count > 1 && words[0] == "OpenBLAS" ? String(words[1]) : "unknown"
    }

    /// The number of threads OpenBLAS uses for one call.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// Sets how many threads OpenBLAS uses. The setting is per process, so trainings that run
    /// side by side should be separate processes, each with its share of the cores.
    public static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// One line for `--version`, `doctor` and run metadata, e.g. "OpenBLAS 0.3.21, kernel SkylakeX, 2 threads".
    public static var summary: String {
        let n = threads
        return "OpenBLAS \(version), kernel \(coreName), \(n) thread\(n == 1 ? "" : "s")"
    }

    /// Re-executes this process once with `OPENBLAS_CORETYPE` set when OpenBLAS picked a generic
    /// kernel but the CPU supports a better one. Call it first thing in `main`, before any work.
    ///
    /// It does nothing when the user set `OPENBLAS_CORETYPE`, when this process was already
    /// re-executed, when the CPU flags cannot be read, or when `execv` fails.
    public static func ensureBestKernel() {
        let environment = ProcessInfo.processInfo.environment
        guard environment[reexecMarkerVariable] == nil else { return }
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return }
        guard
            let better = preferredCoreType(
                cpuFlags: cpuFlags(fromCPUInfo: cpuinfo), currentCore: coreName,
                userSetting: environment[coreTypeVariable])
        else { return }
        reexecute(coreType: better)
    }

    /// Replaces this process by a fresh run of the same executable and arguments with
    /// `OPENBLAS_CORETYPE=coreType` and the re-exec marker set. Returns only if `execv` fails.
    public static func reexecute(coreType: String) {
        setenv(coreTypeVariable, coreType, 1)
        setenv(reexecMarkerVariable, "1", 1)
        // Flush every C stream (nil: all of them), so nothing printed is lost to the exec.
        fflush(nil)
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", arguments)
        // Only reached when execv failed: carry on with the kernels we have.
        unsetenv(coreTypeVariable)
        unsetenv(reexecMarkerVariable)
    }

    /// The CPU flags of the first processor listed in a `/proc/cpuinfo` text.
    public static func cpuFlags(fromCPUInfo text: String) -> Set<String> {
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }

    /// The kernel family to force, or nil to keep what OpenBLAS chose.
    ///
    /// - Parameters:
    ///   - cpuFlags: the CPU's feature flags, as in `/proc/cpuinfo`.
    ///   - currentCore: the core OpenBLAS detected (``coreName``).
    ///   - userSetting: the user's `OPENBLAS_CORETYPE`, which is never overridden.
    public static func preferredCoreType(cpuFlags: Set<String>, currentCore: String, userSetting: String?) -> String? {
        if let userSetting, !userSetting.isEmpty { return nil }
        guard let best = bestSupportedCore(cpuFlags: cpuFlags) else { return nil }
        let current = currentCore.lowercased()
        // Only upgrade from a family known to be weaker; an unfamiliar name may be a newer core.
        let rank: Int
        if genericCores.contains(current) {
            rank = 0
        } else if current == "haswell" || current == "zen" {
            rank = 1
        } else {
            return nil
        }
        return rank < best.rank ? best.name : nil
    }

    private static func bestSupportedCore(cpuFlags: Set<String>) -> (name: String, rank: Int)? {
        if ["avx512f", "avx512bw", "avx512vl", "avx512dq"].allSatisfy(cpuFlags.contains) {
            return ("SkylakeX", 2)
        }
        if ["avx2", "fma"].allSatisfy(cpuFlags.contains) {
            return ("Haswell", 1)
        }
        return nil
    }

    /// Families without AVX2 that OpenBLAS falls back to when it does not recognise a CPU.
    private static let genericCores: Set<String> = [
        "unknown", "generic", "katmai", "coppermine", "northwood", "prescott", "banias", "atom",
        "core2", "penryn", "dunnington", "nehalem", "sandybridge", "athlon", "opteron",
        "opteron_sse3", "barcelona", "bobcat", "bulldozer", "piledriver", "steamroller", "excavator"
    ]
}
