import Synchronization

/// A thread count that may change while work runs: the runner grants a running training a core
/// that another stage freed (or takes a lent one back), and the training reads the count between
/// minibatches. Results never depend on it; only how fast they come does.
public final class ThreadGrant: Sendable {
    private let count: Mutex<Int>

    public init(_ threads: Int) {
        count = Mutex(max(1, threads))
    }

    /// The threads granted now, at least 1.
    public var threads: Int { count.withLock { $0 } }

    /// Grants `threads` (at least 1) from now on.
    public func set(_ threads: Int) {
        count.withLock { $0 = max(1, threads) }
    }
}
