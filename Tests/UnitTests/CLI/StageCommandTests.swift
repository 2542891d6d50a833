import ArgumentParser
@testable import ParamRunCLI
@testable import ParamRunPipeline
import Testing

/// `paramrun stage`'s own parser reads back exactly what ``StageInvocation`` builds.
@Suite struct StageCommandTests {
    static let invocations = [
        StageInvocation(spec: "/data/specs/toy.yaml", stage: "load/train", outputs: "/shared/out"),
        StageInvocation(
            spec: "my specs/toy.yaml", stage: "train/param", outputs: "out put", threads: 3,
            events: true, grants: true, parent: 4242),
        StageInvocation(
            spec: "toy.yaml", stage: "evaluate/param@1000", outputs: "outputs", threads: 1,
            events: true)
    ]

    @Test(arguments: invocations)
    func buildThenParseGivesTheSameInvocation(_ invocation: StageInvocation) throws {
        let parsed = try ParamRunCommand.parseAsRoot(invocation.arguments)
        let command = try #require(parsed as? StageCommand)
        let environment = invocation.environment(inheriting: ["HOME": "/home/u"])
        #expect(try command.invocation(environment: environment) == invocation)
    }

    @Test func aStageWithAMalformedParentIsRefused() throws {
        let invocation = StageInvocation(spec: "toy.yaml", stage: "load/train", outputs: "o")
        let command = try #require(try ParamRunCommand.parseAsRoot(invocation.arguments) as? StageCommand)
        #expect(throws: StageInvocationError.malformedParent(value: "self")) {
            try command.invocation(environment: [StageInvocation.parentVariable: "self"])
        }
    }
}
