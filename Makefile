# paramrun — see README.md. Every target that compiles depends on `deps`.
SWIFT      ?= swift
CONFIG     ?= release
BIN         = .build/$(CONFIG)/paramrun
SMALLEST   ?= specs/smoke.yaml

.PHONY: deps build test bench clean reproduce-fig7

deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build -c $(CONFIG) --product paramrun

# The NN tests start paramrun-bench's probe, which `swift test` alone does not build.
test: deps
	$(SWIFT) build --product paramrun-bench
	$(SWIFT) test

# Until the runner exists, the main job validates and plans the smallest real spec.
reproduce-fig7: build
	$(BIN) validate $(SMALLEST)
	$(BIN) plan $(SMALLEST)

# Benchmarks compare against PyTorch / pandas / scikit-learn in a virtualenv the scripts make.
bench: deps
	$(SWIFT) build -c release --product paramrun
	$(SWIFT) build -c release --product paramrun-bench
	scripts/bench.sh

clean:
	$(SWIFT) package clean
	rm -rf .build
	find outputs -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

# A real one-node Slurm (munge, slurmctld, slurmd) on localhost: installs it if missing, starts it,
# runs Tests/cluster/run-cluster-test.sh, and stops the daemons by their PIDs even when a step fails.
SLURM_LOCAL_DIR ?= /tmp/paramrun-slurm
.PHONY: test-cluster
test-cluster: deps
	@command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null || \
		{ timeout 300 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge; }
	$(SWIFT) build --product paramrun
	@export SLURM_LOCAL_DIR=$(SLURM_LOCAL_DIR) SLURM_CONF=$(SLURM_LOCAL_DIR)/slurm.conf; \
		trap 'timeout 60 Tests/cluster/slurm-local.sh stop' EXIT; \
		timeout 60 Tests/cluster/slurm-local.sh start && \
		PARAMRUN=$(CURDIR)/.build/debug/paramrun timeout 600 Tests/cluster/run-cluster-test.sh
