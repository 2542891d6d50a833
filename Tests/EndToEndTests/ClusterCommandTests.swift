import Foundation
import ParamRunTestSupport
import Testing

/// `paramrun stage` as every cluster job runs it, and `submit`/`status` where no batch system is
/// needed (dry runs, HTCondor files). The real-Slurm tests are Tests/cluster/run-cluster-test.sh.
@Suite(.serialized) struct ClusterCommandTests {
    static let toy = Binary.fixtures.appendingPathComponent("specs/run/toy-small.yaml").path

    @Test func stageRefusesMissingInputsAndReturnsAtOnceWhenCached() throws {
        let outputs = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outputs) }
        let refused = try Binary.run(["stage", Self.toy, "scale/param", "--outputs", outputs.path])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                "error: stage scale/param needs the result of load/train, which is not in the store; run it first"))
        let tmp =
            (try? FileManager.default.contentsOfDirectory(atPath: outputs.appendingPathComponent(".store/.tmp").path))
            ?? []
        #expect(tmp.isEmpty)

        let first = try Binary.run(["stage", Self.toy, "load/train", "--outputs", outputs.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("load/train: done"))
        let store = outputs.appendingPathComponent(".store")
        let key = try FileManager.default.contentsOfDirectory(atPath: store.path).first { !$0.hasPrefix(".") }!
        let before =
            try FileManager.default.attributesOfItem(atPath: store.appendingPathComponent("\(key)/stage.json").path)[
                .modificationDate] as? Date
        let started = Date()
        let again = try Binary.run(["stage", Self.toy, "load/train", "--outputs", outputs.path])
        #expect(again.status == 0)
        #expect(again.stdout == "load/train: cached\n")
        #expect(Date().timeIntervalSince(started) < 5)
        let after =
            try FileManager.default.attributesOfItem(atPath: store.appendingPathComponent("\(key)/stage.json").path)[
                .modificationDate] as? Date
        #expect(before == after)
    }

    @Test func dryRunWritesAndPrintsSlurmScriptsWithoutSubmitting() throws {
        let outputs = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outputs) }
        let result = try Binary.run([
            "submit", Self.toy, "--outputs", outputs.path, "--dry-run", "--memory", "1G", "--sbatch-arg=--qos=low"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("toy-small: 0 cached, 0 already queued or running, 12 to submit as 5 job(s)"))
        let folder = outputs.appendingPathComponent("toy-small/cluster/slurm")
        #expect(result.stdout.contains("sbatch \(folder.path)/01-load.sh   # load/test load/train"))
        #expect(
            result.stdout.contains(
                "sbatch '--dependency=afterok:<scale/fixed>:<scale/mix>:<scale/param>' --kill-on-invalid-dep=yes \(folder.path)/03-train.sh"
            ))
        #expect(result.stdout.contains("#SBATCH --array=0-2\n"))
        #expect(result.stdout.contains("#SBATCH --mem=1G\n"))
        #expect(result.stdout.contains("#SBATCH --qos=low\n"))
        let scripts = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(scripts == ["01-load.sh", "02-scale.sh", "03-train.sh", "04-evaluate.sh", "05-report-toy-small.sh"])
        #expect(!FileManager.default.fileExists(atPath: outputs.appendingPathComponent("toy-small/jobs.json").path))
        let status = try Binary.run(["status", Self.toy, "--outputs", outputs.path])
        #expect(status.status == 0)
        #expect(status.stdout.hasPrefix("toy-small: 12 not submitted\n"))
    }

    @Test(arguments: [("slurm", "toy-small/cluster"), ("htcondor", "toy-small/cluster"), ("slurm", "toy-small/logs")])
    func aLinkPlantedForAClusterFolderIsRefusedNotWrittenThrough(backend: String, planted: String) throws {
        let outputs = try Binary.temporaryDirectory()
        let elsewhere = try Binary.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: outputs)
            try? FileManager.default.removeItem(at: elsewhere)
        }
        let link = outputs.appendingPathComponent(planted)
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: elsewhere)
        let result = try Binary.run(["submit", Self.toy, "--backend", backend, "--outputs", outputs.path, "--dry-run"])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("cannot write the cluster's scripts and logs under \(link.path)"))
        #expect(result.stderr.contains("symbolic link"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    @Test func htcondorWritesTheDAGAndSaysHowToSubmitIt() throws {
        let outputs = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outputs) }
        _ = try Binary.run(["stage", Self.toy, "load/train", "--outputs", outputs.path])
        let result = try Binary.run(["submit", Self.toy, "--backend", "htcondor", "--outputs", outputs.path])
        #expect(result.status == 0, "\(result.stderr)")
        let dag = outputs.appendingPathComponent("toy-small/cluster/htcondor/toy-small.dag")
        #expect(result.stdout.contains("toy-small: 1 cached, 0 already queued or running, 11 to submit as one DAG"))
        #expect(result.stdout.contains("condor_submit_dag -force \(dag.path)"))
        let text = try String(contentsOf: dag, encoding: .utf8)
        #expect(!text.contains("JOB load_train "))
        #expect(text.contains("JOB load_test "))
        #expect(text.contains("PARENT scale_param CHILD train_param\n"))
        #expect(!text.contains("CHILD scale_param"))
    }

    @Test func badRequestsAreRefused() throws {
        let memory = try Binary.run(["submit", Self.toy, "--memory", "lots", "--dry-run"])
        #expect(memory.status == 64)
        #expect(memory.stderr.contains("--memory must be a size such as 4G or 500M, found 'lots'"))
        let wait = try Binary.run(["submit", Self.toy, "--backend", "htcondor", "--wait"])
        #expect(wait.status != 0)
        #expect(wait.stderr.contains("--wait follows Slurm jobs only"))
    }
}
