# SPDX-License-Identifier: Apache-2.0
# Front door: `make run` and `make test` do all set-up on a fresh Debian 12 machine.
MAKEFLAGS += --no-print-directory
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
TEST_BUILD ?= build-test
FAULTS_BUILD ?= build-faults
VG_BUILD ?= build-vg
UNIT_TESTS := $(basename $(notdir $(wildcard tests/unit/test_*.c)))
SOAK_MINUTES ?= 3
EXCHANGE_ROWS ?= 100000
DEMO_DIR ?= demo
DEMO_SUBJECTS ?= 2000

.PHONY: all deps build run test demo install bench bench-ingest bench-ingest-serve bench-search bench-http bench-check bench-eval bench-report bench-monitoring web-vendor check-src clean soak soak-upload soak-exchange bench-exchange bench-migrate

all: build

deps:
	@scripts/install-deps

$(BUILD)/Makefile:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/Makefile web-vendor
	@cmake --build $(BUILD) -j $(JOBS)

# The dashboards' browser files (ECharts, Wuhan's districts) from npm into web/vendor/.
web-vendor:
	@scripts/web-vendor $(BUILD)/web-node

$(TEST_BUILD)/Makefile:
	@cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DXY_SANITIZE=ON >/dev/null

# Besides the ASan/UBSan suite: the fault-injection sweeps and the unit tests with out-of-memory cases
# (ASan/UBSan/LSan with -DXY_FAULTS=ON, only those programs are built: tests/CMakeLists.txt) and
# valgrind memcheck over the unit tests (a build without sanitizers). The optimised build of `make run`
# is built first too: GCC warns at -O2 of things it does not see at -O0 (-Werror makes them errors).
# All three are built first; then
# all three run, and the target fails if any did.
test: deps build $(TEST_BUILD)/Makefile check-src
	@cmake --build $(TEST_BUILD) -j $(JOBS)
	@cmake -S . -B $(FAULTS_BUILD) -DCMAKE_BUILD_TYPE=Debug -DXY_SANITIZE=ON -DXY_FAULTS=ON >/dev/null
	@cmake --build $(FAULTS_BUILD) -j $(JOBS) --target fault_programs
	@cmake -S . -B $(VG_BUILD) -DCMAKE_BUILD_TYPE=Debug -DXY_SANITIZE=OFF -DXY_FAULTS=OFF >/dev/null
	@cmake --build $(VG_BUILD) -j $(JOBS) --target $(UNIT_TESTS)
	@rc=0; \
	(cd $(TEST_BUILD) && ctest --output-on-failure -j $(JOBS)) || rc=1; \
	(cd $(FAULTS_BUILD) && ctest --output-on-failure -j $(JOBS) -L faults) || rc=1; \
	(cd $(VG_BUILD) && ctest --output-on-failure -L valgrind) || rc=1; \
	exit $$rc

check-src:
	@scripts/check-src

# Installs under PREFIX (default /usr/local), into DESTDIR when given (a package's staging root):
# bin/xinyong, share/xinyong/{web,catalog,examples,deploy}, the systemd unit and sysusers entry
# (docs/deploy/README.md). The build is configured for PREFIX, which the unit's paths name.
PREFIX ?= /usr/local
install: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target xinyong manpage
	@DESTDIR=$(DESTDIR) cmake --install $(BUILD)

demo: build
	@scripts/make-demo $(BUILD)/xinyong $(DEMO_DIR) $(DEMO_SUBJECTS)

run: demo
	@scripts/run-demo $(BUILD)/xinyong $(DEMO_DIR)

bench: bench-ingest bench-search bench-http

bench-ingest: build
	@XY_BIN=$(BUILD)/xinyong bench/ingest/run.sh

# Ingest through the server, a resend, CSV to serving, lookups during an import (bench/ingest/serve.sh).
bench-ingest-serve: build
	@XY_BIN=$(BUILD)/xinyong bench/ingest/serve.sh

bench-search: build
	@XY_BIN=$(BUILD)/xinyong bench/search/run.sh

bench-http: build
	@XY_BIN=$(BUILD)/xinyong bench/http/run.sh

bench-check: build
	@XY_BIN=$(BUILD)/xinyong bench/check/run.sh

# Grading every subject of the bench city (built by bench-http): see bench/eval/run.sh.
bench-eval: build
	@XY_BIN=$(BUILD)/xinyong bench/eval/run.sh

# `xinyong migrate` of a 100,000-subject demo city into a throwaway PostgreSQL cluster, against raw COPY.
bench-migrate: build
	@XY_BIN=$(BUILD)/xinyong bench/migrate/run.sh

# Credit reports: time per report (PDF, JSON) for 5, 50 and 500 records, pages/s, peak memory.
bench-report: build
	@XY_BIN=$(BUILD)/xinyong bench/report/run.sh $(REPORT_ROUNDS)

# The exchange: records/s pushed city to province on loopback against the city's import rate, and
# the end-to-end lag under steady load: see bench/exchange/run.sh.
bench-exchange: build
	@XY_BIN=$(BUILD)/xinyong bench/exchange/run.sh $(EXCHANGE_ROWS)

# Closing a month and the dashboards' calls on the bench city: see bench/monitoring/run.sh.
bench-monitoring: build
	@XY_BIN=$(BUILD)/xinyong bench/monitoring/run.sh

# The server under wrk for SOAK_MINUTES (outside the test gate): see bench/soak/run.sh; then the
# exchange's rounds of kills between a city and a province for SOAK_MINUTES (soak-exchange).
soak: build
	@XY_BIN=$(BUILD)/xinyong bench/soak/run.sh $(SOAK_MINUTES)
	@XY_BIN=$(BUILD)/xinyong bench/soak/exchange.sh $(SOAK_MINUTES)

# A city and a province on loopback, SIGKILLed in turn mid-push, round after round, for
# SOAK_MINUTES (or SOAK_ROUNDS rounds); both end with the same records: see bench/soak/exchange.sh.
soak-exchange: build
	@XY_BIN=$(BUILD)/xinyong bench/soak/exchange.sh $(SOAK_MINUTES)

# Waves of 32 MiB uploads the server must refuse on their headers, for SOAK_MINUTES (outside the test
# gate): its peak memory stays flat. See bench/soak/upload.sh.
soak-upload: build
	@XY_BIN=$(BUILD)/xinyong bench/soak/upload.sh $(SOAK_MINUTES)

clean:
	rm -rf $(BUILD) $(TEST_BUILD) $(FAULTS_BUILD) $(VG_BUILD) $(DEMO_DIR)

# libFuzzer runs (clang, outside the test gate): each target for FUZZ_SECONDS, FUZZ_JOBS at a time;
# what they find is merged into tests/fuzz/corpus/, which `make test` replays. tests/fuzz/README.md.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
FUZZ_TARGETS ?= ids batch_csv batch_jsonl validate json_body url

.PHONY: fuzz
fuzz:
	@scripts/install-deps --fuzz
	@test -f $(FUZZ_BUILD)/Makefile || cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo -DXY_SANITIZE=ON -DXY_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) tests/fuzz/run.sh $(FUZZ_BUILD)/tests/fuzz $(FUZZ_TARGETS)
