// The command is ONNXFixture; an executable target with a main.swift starts it here.
ONNXFixture.main()
