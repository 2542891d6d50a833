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
