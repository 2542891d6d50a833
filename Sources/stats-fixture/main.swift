// The command is StatsFixture (usage: stats-fixture OUTPUT_DIR [SEED]); an executable target
// with a main.swift starts it here.
StatsFixture.main()
