@testable import ParamRunCluster
import Testing

/// Parsing of squeue, scontrol and sacct output; the captured files come from the real local Slurm.
@Suite struct SlurmQueryTests {
    @Test func squeueGivesOneStatePerArrayTask() throws {
        let states = SlurmQuery.parseSqueue(try ClusterFixtures.captured("squeue-array.txt"))
        #expect(states["1_0"]?.phase == .completed)
        #expect(states["1_1"]?.phase == .failed)
        #expect(states["1_1"]?.raw == "FAILED")
        #expect(states["2"]?.phase == .completed)
        #expect(states["3"]?.phase == .cancelled)
        #expect(states.count == 4)
    }

    @Test func scontrolGivesExitCodesAndReasonsPerTask() throws {
        let states = SlurmQuery.parseScontrol(try ClusterFixtures.captured("scontrol-array-job.txt"))
        #expect(states["1_1"] == JobState(raw: "FAILED", exitCode: "3:0", reason: "NonZeroExitCode"))
        #expect(states["1_0"]?.phase == .completed)
        #expect(states.count == 2)
        let cancelled = SlurmQuery.parseScontrol(try ClusterFixtures.captured("scontrol-cancelled.txt"))
        #expect(cancelled["3"] == JobState(raw: "CANCELLED", exitCode: "0:0", reason: "DependencyNeverSatisfied"))
    }

    @Test func aPendingArrayInScontrolCoversAllItsTasks() {
        let text =
            "JobId=7 ArrayJobId=7 ArrayTaskId=0-2,5 JobName=x\n   JobState=PENDING Reason=Dependency Dependency=afterok:6_0(unfulfilled)\n"
        let states = SlurmQuery.parseScontrol(text)
        #expect(Set(states.keys) == ["7_0", "7_1", "7_2", "7_5"])
        #expect(states.values.allSatisfy { $0.isLive })
    }

    @Test func sacctSkipsStepsAndReadsCancelledBy() {
        // The -P format (sacct needs slurmdbd, which the test cluster lacks: sacct-disabled.txt).
        let text = "12_0|COMPLETED|0:0\n12_0.batch|COMPLETED|0:0\n12_1|CANCELLED by 0|0:0\n13|TIMEOUT|0:1\n"
        let states = SlurmQuery.parseSacct(text)
        #expect(states.count == 3)
        #expect(states["12_1"]?.phase == .cancelled)
        #expect(states["13"]?.phase == .failed)
        #expect(states["13"]?.raw == "TIMEOUT")
    }

    @Test func theCapturedErrorsAreWhatTheQueryToleratesByName() throws {
        #expect(try ClusterFixtures.captured("sacct-disabled.txt").contains("accounting storage is disabled"))
        #expect(try ClusterFixtures.captured("squeue-unknown.txt").contains("Invalid job id"))
    }

    @Test func rangesExpand() {
        #expect(SlurmQuery.expand("5_[0-2]") == ["5_0", "5_1", "5_2"])
        #expect(SlurmQuery.expand("5_[1,3-4%2]") == ["5_1", "5_3", "5_4"])
        #expect(SlurmQuery.expand("9") == ["9"])
        #expect(SlurmQuery.expand("9_4") == ["9_4"])
    }

    @Test func phases() {
        #expect(JobState(raw: "CONFIGURING").phase == .pending)
        #expect(JobState(raw: "COMPLETING").phase == .running)
        #expect(JobState(raw: "OUT_OF_MEMORY").phase == .failed)
        #expect(JobState(raw: "RUNNING").isLive)
        #expect(!JobState(raw: "NODE_FAIL").isLive)
    }
}
