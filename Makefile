# OneStop — the two commands a new machine needs are `make run` and `make test`.
SWIFT ?= swift
SCENARIO ?= scenarios/service-center.yaml
RELEASE_BIN := .build/release/onestop

.PHONY: deps build run test fuzz clean

# Installs what the build needs when it is missing (GSL and pkg-config from Debian's packages).
deps:
	@if ! pkg-config --exists gsl 2>/dev/null; then \
		echo "installing libgsl-dev and pkg-config"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgsl-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build -c release --product onestop

# Runs the default scenario and writes its results under outputs/.
run: build
	$(RELEASE_BIN) run $(SCENARIO) --out outputs/$(basename $(notdir $(SCENARIO)))

# The whole test suite, in release mode (statistical tests simulate millions of customers).
test: deps
	$(SWIFT) test -c release -Xswiftc -enable-testing

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
