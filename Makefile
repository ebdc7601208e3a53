# OneStop — the two commands a new machine needs are `make run` and `make test`.
SWIFT ?= swift
SCENARIO ?= scenarios/service-center.yaml
RELEASE_BIN := .build/release/onestop

.PHONY: deps build run test clean

# Installs what the build needs when it is missing (GSL and pkg-config from Debian's packages).
deps:
	@if ! pkg-config --exists gsl 2>/dev/null; then \
		echo "installing libgsl-dev and pkg-config"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgsl-dev pkg-config; \
	fi

# The Swift runtime and Foundation are linked in (--static-swift-stdlib): the binary starts faster
# (a quarter fewer start-up instructions) and runs on cluster nodes without Swift; only GSL is shared.
build: deps
	$(SWIFT) build -c release --static-swift-stdlib --product onestop

# Runs the default scenario and writes its results under outputs/.
run: build
	$(RELEASE_BIN) run $(SCENARIO) --out outputs/$(basename $(notdir $(SCENARIO)))

# The whole test suite, in release mode (statistical tests simulate millions of customers).
test: deps
	$(SWIFT) test -c release -Xswiftc -enable-testing

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

$(BENCH_VENV)/.installed: benchmarks/requirements.txt
	@python3 -c "import ensurepip, venv" >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; }
	python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q -r benchmarks/requirements.txt
	touch $@
