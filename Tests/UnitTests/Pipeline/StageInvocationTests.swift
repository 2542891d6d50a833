import Foundation
@testable import ParamRunPipeline
import Testing

/// The stage process's contract, end by end: what a runner builds is what the stage reads.
@Suite struct StageInvocationTests {
    @Test func argumentsNameTheStageAndOnlyTheOptionsSet() {
        let plain = StageInvocation(spec: "/s/toy.yaml", stage: "load/train", outputs: "/out")
        #expect(plain.arguments == ["stage", "/s/toy.yaml", "load/train", "--outputs", "/out"])
        let full = StageInvocation(
            spec: "toy.yaml", stage: "train/param", outputs: "o", threads: 3, events: true,
            grants: true, parent: 42)
        #expect(
            full.arguments == [
                "stage", "toy.yaml", "train/param", "--outputs", "o", "--threads", "3",
                "--events", "--grants"
            ])
    }

    @Test func placeholdersStandWhereTheStageAndThreadsGo() {
        let arguments = StageInvocation.arguments(
            spec: "s.yaml", outputs: "o", stagePlaceholder: "$(stage)",
            threadsPlaceholder: "$(threads)")
        #expect(arguments == ["stage", "s.yaml", "$(stage)", "--outputs", "o", "--threads", "$(threads)"])
    }

    @Test func theEnvironmentCarriesTheParentAndDropsAnInheritedOne() throws {
        let inherited = ["PATH": "/bin", StageInvocation.parentVariable: "7"]
        let child = StageInvocation(spec: "s", stage: "load/x", outputs: "o", parent: 1234)
        let environment = child.environment(inheriting: inherited)
        #expect(environment["PATH"] == "/bin")
        #expect(try StageInvocation.parent(in: environment) == 1234)
        let orphan = StageInvocation(spec: "s", stage: "load/x", outputs: "o").environment(inheriting: inherited)
        #expect(orphan[StageInvocation.parentVariable] == nil)
        #expect(try StageInvocation.parent(in: orphan) == nil)
    }

    @Test func aMalformedParentIsATypedError() {
        for value in ["", "abc", "-3", "0", "12x"] {
            #expect(throws: StageInvocationError.malformedParent(value: value)) {
                try StageInvocation.parent(in: [StageInvocation.parentVariable: value])
            }
        }
    }

    @Test func grantLinesRoundTrip() throws {
        for threads in [1, 2, 17] {
            #expect(StageInvocation.grantLine(threads) == "threads \(threads)")
            #expect(try StageInvocation.parseGrant(StageInvocation.grantLine(threads)) == threads)
        }
    }

    @Test func aMalformedGrantLineIsNamedInItsError() {
        for line in ["", "threads", "threads 0", "threads -1", "threads two", "thread 2", "threads 2 3", "threads  2"] {
            #expect(throws: StageInvocationError.malformedGrant(line: line)) { try StageInvocation.parseGrant(line) }
        }
        #expect(StageInvocationError.malformedGrant(line: "threads x").description.contains("'threads x'"))
    }

    @Test func eventLinesRoundTrip() throws {
        var event = RunEvent(.epoch, stage: "train/param", time: Date(timeIntervalSince1970: 1_700_000_000))
        event.epoch = 3
        event.epochs = 10
        event.loss = 0.25
        event.validationAUC = 0.875
        event.threads = 2
        event.message = "a line with \"quotes\"\nand a newline"
        let line = StageInvocation.eventLine(event)
        #expect(!line.contains("\n"))
        #expect(try StageInvocation.parseEvent(line) == event)
    }

    @Test func aMalformedEventLineIsNamedInItsError() {
        for line in ["", "not json", "{}", #"{"event":"no-such-kind","time":"2026-01-01T00:00:00Z"}"#] {
            do {
                _ = try StageInvocation.parseEvent(line)
                Issue.record("'\(line)' parsed as an event")
            } catch {
                guard case .malformedEvent(let named, _) = error else {
                    Issue.record("unexpected error \(error)")
                    continue
                }
                #expect(named == line)
                #expect(error.description.contains("'\(line)'"))
            }
        }
    }

    @Test func onlyAKindThatRefusesThemBoundsThreadsByMaxThreads() throws {
        let train = Stage(
            id: StageID(TrainStage.kind, "m"), inputs: [], configuration: "{}", inputKeys: [],
            threads: 1, maxThreads: 2)
        let load = Stage(id: StageID(LoadStage.kind, "d"), inputs: [], configuration: "{}", inputKeys: [])
        #expect(TrainStage.refusesThreadsAboveMax && !LoadStage.refusesThreadsAboveMax)
        try StageInvocation.check(threads: 2, for: train)
        #expect(throws: StageInvocationError.threads(stage: "train/m", found: 3, limit: 2)) {
            try StageInvocation.check(threads: 3, for: train)
        }
        try StageInvocation.check(threads: 8, for: load)
        #expect(throws: StageInvocationError.threads(stage: "load/d", found: 0, limit: 1)) {
            try StageInvocation.check(threads: 0, for: load)
        }
        #expect(
            StageInvocationError.threads(stage: "train/m", found: 3, limit: 2).description
                == "train/m can use 1 to 2 threads, found --threads 3")
    }
}
