import ParamRunCLI

// The whole command line lives in ParamRunCLI, where tests can reach it; this file only starts it.
ParamRunCLI.main()
