import Synchronization

/// A value that lives inside its lock, shareable between threads: the only way to the value is
/// ``withLock(_:)``. A class, so closures can capture it (a `Mutex` cannot be captured).
package final class LockedBox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    package init(_ value: Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` with exclusive access to the value.
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try mutex.withLock { try body(&$0) }
    }

    /// A copy of the value.
    package var value: Value { mutex.withLock { $0 } }
}
