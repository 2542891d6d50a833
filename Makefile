# paramrun — see README.md. Every target that compiles depends on `deps`.
SWIFT      ?= swift
CONFIG     ?= release
BIN         = .build/$(CONFIG)/paramrun

.PHONY: deps build lint test test-interop bench clean reproduce-fig2 reproduce-fig4 reproduce-fig7 reproduce-fig8 \
        reproduce-interpolate reproduce-lomo reproduce-nuisance reproduce-all reproduce-root-demo reproduce-limits

deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build -c $(CONFIG) --product paramrun

# The layout is swift-format's, configured in .swift-format (4 spaces, 120 columns); lint fails on
# any line it would lay out differently. SourceRulesTests (in `swift test`) checks what it cannot:
# documented public API, file, function and line lengths, and the one StageInvocation.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift

# The NN tests start paramrun-bench's probe, which `swift test` alone does not build.
test: deps lint
	$(SWIFT) build --product paramrun-bench
	$(SWIFT) test

# paramrun's files against the real peers (uproot, onnxruntime, pyhf) in a virtualenv built from PyPI.
test-interop: deps
	scripts/test-interop.sh

# Each figure is one spec; results already in outputs/.store are reused, not recomputed.
reproduce-fig2: build
	$(BIN) run specs/fig2-toy.yaml
	@echo "report: outputs/fig2-toy/report.html"

reproduce-fig4: build
	$(BIN) run specs/fig4-mwwbb.yaml
	@echo "report: outputs/fig4-mwwbb/report.html"

reproduce-fig7: build
	$(BIN) run specs/fig7.yaml
	@echo "report: outputs/fig7/report.html"

reproduce-fig8: build
	$(BIN) run specs/fig8.yaml
	@echo "report: outputs/fig8/report.html"

# fig8's networks (from the store after reproduce-fig8) as binned searches: expected limits versus mass.
reproduce-limits: build
	$(BIN) run specs/limits.yaml
	@echo "report: outputs/limits/report.html"

reproduce-interpolate: build
	$(BIN) run specs/interpolate-1000.yaml
	@echo "report: outputs/interpolate-1000/report.html"

reproduce-lomo: build
	$(BIN) run specs/leave-one-mass-out.yaml
	@echo "report: outputs/leave-one-mass-out/report.html"

# ROOT ntuples: the X -> tt generator's events as flat TTrees, written through uproot in the interop
# virtualenv (paramrun reads ROOT but does not write it), then a spec that reads them.
reproduce-root-demo: build
	$(BIN) generate --generator xttbar --masses 500,750,1000,1250,1500 --signal-per-mass 2000 --background 10000 --seed 16 --background-weight-spread 0.5 -o data/xttbar-root/xttbar.root
	$(BIN) run specs/root-demo.yaml
	@echo "report: outputs/root-demo/report.html"

# θ = (m_X, JES): a network that knows the jet energy scale against two mass-only baselines.
reproduce-nuisance: build
	$(BIN) run specs/nuisance-jes.yaml
	@echo "report: outputs/nuisance-jes/report.html"

# nuisance-jes's networks (reused from the store) as searches with the JES systematic, observed too.
.PHONY: reproduce-limits-jes
reproduce-limits-jes: build
	$(BIN) run specs/limits-jes.yaml
	@echo "limits: outputs/limits-jes/limits.csv, report: outputs/limits-jes/report.html"

reproduce-all: reproduce-fig2 reproduce-fig4 reproduce-fig7 reproduce-fig8 reproduce-interpolate reproduce-lomo reproduce-limits reproduce-nuisance

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
