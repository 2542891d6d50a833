import Synchronization

/// A thread count that may change while work runs: the runner grants a running training a core
/// that another stage freed (or takes a lent one back), and the training reads the count between
/// minibatches. Results never depend on it; only how fast they come does.
public final class ThreadGrant: Sendable {
    private let counts: Mutex<(now: Int, peak: Int)>

    /// A grant of `threads` (at least 1 is read).
    public init(_ threads: Int) {
        counts = Mutex((max(1, threads), max(1, threads)))
    }

    /// The threads granted now, at least 1.
    public var threads: Int { counts.withLock { $0.now } }

    /// The most threads granted at any time, for the stage's record.
    public var peak: Int { counts.withLock { $0.peak } }

    /// Grants `threads` (at least 1) from now on.
    public func set(_ threads: Int) {
        counts.withLock {
            $0.now = max(1, threads)
            $0.peak = max($0.peak, $0.now)
        }
    }
}
