import Foundation

extension LocalRunner {
    /// What the scheduler tells the runner: each stage's start, finish and thread grants become
    /// run events, and a grant also reaches the stage process on its control socket.
    func schedulerHooks() -> Scheduler.Hooks {
        Scheduler.Hooks(
            onStart: { [self] stage, threads in
                state.withLock { $0.startTimes[stage.id] = Date() }
                var event = RunEvent(.stageStarted, stage: stage.id.description)
                event.threads = threads
                emit(event)
            },
            onFinish: { [self] stage, outcome in
                let began = state.withLock { state in
                    state.granted[stage.id] = nil
                    return state.startTimes[stage.id]
                }
                var event: RunEvent
                switch outcome {
                case .done, .cached: event = RunEvent(.stageDone, stage: stage.id.description)
                case .failed(let message):
                    event = RunEvent(.stageFailed, stage: stage.id.description)
                    event.message = message
                    event.log = logURL(stage.id).path
                case .skipped(let blocker):
                    event = RunEvent(.stageSkipped, stage: stage.id.description)
                    event.message = "\(blocker) did not finish"
                case .interrupted: event = RunEvent(.stageInterrupted, stage: stage.id.description)
                }
                event.elapsed = began.map { Date().timeIntervalSince($0) }
                emit(event)
            },
            onGrant: { [self] stage, threads in
                state.withLock { state in
                    state.granted[stage.id] = threads
                    if let control = state.controls[stage.id] { Self.sendGrant(threads, to: control) }
                }
                var event = RunEvent(.threadsChanged, stage: stage.id.description)
                event.threads = threads
                emit(event)
            })
    }
}
