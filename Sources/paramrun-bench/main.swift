import Foundation

// `make bench` drives this executable; each suite lives in its own file.

let args = Array(CommandLine.arguments.dropFirst())
switch args.first {
case "nn": NNBench.run(Array(args.dropFirst()))
case "data": DataBench.run(Array(args.dropFirst()))
case "metrics": MetricsBench.run(Array(args.dropFirst()))
case "root": ROOTBench.run(Array(args.dropFirst()))
case "onnx": ONNXBench.run(Array(args.dropFirst()))
default:
    FileHandle.standardError.write("usage: paramrun-bench nn|data|metrics|root|onnx [options]\n".data(using: .utf8)!)
    exit(2)
}
