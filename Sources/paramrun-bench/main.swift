// The command is ParamRunBench; an executable target with a main.swift starts it here.
ParamRunBench.main()
