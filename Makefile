# OneStop — the two commands a new machine needs are `make run` and `make test`.
SWIFT ?= swift
SCENARIO ?= scenarios/campus-baseline.yaml
RELEASE_BIN := .build/release/onestop

.PHONY: deps test-deps build run test check schema fuzz clean

# Installs what the build needs when it is missing (GSL, GLPK and pkg-config from Debian's packages).
# GLPK has no pkg-config file on Debian: its header tells whether it is there.
deps:
	@if ! pkg-config --exists gsl 2>/dev/null || [ ! -f /usr/include/glpk.h ]; then \
		echo "installing libgsl-dev, libglpk-dev and pkg-config"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgsl-dev libglpk-dev pkg-config; \
	fi

# The Swift runtime and Foundation are linked in (--static-swift-stdlib): the binary starts faster
# (a quarter fewer start-up instructions) and runs on cluster nodes without Swift; only GSL is shared.
build: deps
	$(SWIFT) build -c release --static-swift-stdlib --product onestop

# Runs the default scenario and writes its results under outputs/.
run: build
	$(RELEASE_BIN) run $(SCENARIO) --out outputs/$(basename $(notdir $(SCENARIO)))

# What the result tests drive besides the build: Debian's Chromium (the report's browser check) and a
# Python environment in .venv (the notebook's and the schema's checks). Quick when already in place.
VENV ?= .venv
PYTHON_PACKAGES := nbformat nbclient ipykernel pandas matplotlib jsonschema pyyaml playwright
test-deps: deps
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "installing chromium"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi
	@if ! $(VENV)/bin/python -c "import nbformat, nbclient, ipykernel, pandas, matplotlib, jsonschema, yaml, playwright" 2>/dev/null; then \
		echo "creating the Python environment in $(VENV)"; \
		python3 -m venv $(VENV) 2>/dev/null || { \
			SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
			$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && \
			python3 -m venv $(VENV); } && \
		$(VENV)/bin/python -m pip install -q --disable-pip-version-check $(PYTHON_PACKAGES); \
	fi

# Package.swift declares exactly what each target imports, and no module imports one listed below it
# in docs/architecture.md's module table.
check:
	python3 scripts/check-imports.py

# The whole test suite, in release mode (statistical tests simulate millions of customers).
test: test-deps check
	ONESTOP_REQUIRE_TOOLS=1 ONESTOP_PYTHON=$(abspath $(VENV))/bin/python $(SWIFT) test -c release -Xswiftc -enable-testing

# Regenerates the scenario format's JSON Schema kept in the repository (a test checks it is current).
schema: build
	$(RELEASE_BIN) schema --out schema/scenario.schema.json

# 10,000 mutated scenario files in process and 200 through the binary (docs/reliability.md).
# Built with the test flags, so that it shares the build of `make test`.
FUZZ_CASES ?= 10000
FUZZ_SEED ?= 1
fuzz: deps
	$(SWIFT) build -c release -Xswiftc -enable-testing --product onestop
	$(SWIFT) build -c release -Xswiftc -enable-testing --product onestop-fuzz
	.build/release/onestop-fuzz --cases $(FUZZ_CASES) --seed $(FUZZ_SEED) --binary $(RELEASE_BIN) --binary-cases 200

clean:
	rm -rf .build

# Benchmarks against SimPy and Ciw (takes a while; not part of `make test`): builds, creates
# benchmarks/.venv with the pinned SimPy and Ciw, runs every model in every tool and writes
# benchmarks/RESULTS.md. Options: make bench BENCH_ARGS="--runs 5" (see benchmarks/README.md).
BENCH_VENV := benchmarks/.venv
BENCH_ARGS ?=
.PHONY: bench
bench: build $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python benchmarks/run.py $(BENCH_ARGS)
	python3 benchmarks/sweep_bench.py
	python3 benchmarks/optimize_bench.py
	python3 benchmarks/studio_bench.py

# 1,000 campus-baseline points × 10 replications through `onestop sweep --jobs 2` (target ≤ 10 min):
# wall time and events per second, written to benchmarks/SWEEP-RESULTS.md.
.PHONY: bench-sweep
bench-sweep: build
	python3 benchmarks/sweep_bench.py $(SWEEP_BENCH_ARGS)

$(BENCH_VENV)/.installed: benchmarks/requirements.txt
	@python3 -c "import ensurepip, venv" >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; }
	python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q -r benchmarks/requirements.txt
	touch $@
