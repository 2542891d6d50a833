import Dispatch
import Foundation

/// Catches signals on a Dispatch queue for as long as it lives: each signal's default action is
/// set to ignore first, so the process survives it, and a Dispatch signal source reports it.
///
/// The sources must outlive the work they guard: a source that is released is cancelled and its
/// signal is then simply ignored. An optimized build releases a local after its last use, so the
/// caller keeps the trap alive explicitly (`withExtendedLifetime`), not by scope.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    /// Traps `signals`, calling `handler` with each one as it arrives, on a global queue.
    init(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        self.signals = signals
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }

    /// The signal's usual name (`SIGTERM`), for messages.
    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        default: return "signal \(number)"
        }
    }
}
