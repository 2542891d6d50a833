import ArgumentParser

/// `make bench` and the NN tests drive this executable; each suite lives in its own file.
struct ParamRunBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paramrun-bench",
        abstract: "paramrun's benchmarks, and the probes its tests start as a separate process.",
        subcommands: [
            NNBench.self, DataBench.self, MetricsBench.self, ROOTBench.self, ONNXBench.self, ExpressionBench.self
        ]
    )
}
