# The README's two commands: `make serve` (set up, train the model from corpus/ if none is
# built, run the service with the triage desk on 127.0.0.1:8000) and `make test` (set up,
# including Debian's chromium for the browser tests, and run every test).
# Both are idempotent: the virtual environment is built once and rebuilt only when
# pyproject.toml changes; chromium is installed only when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)

.PHONY: setup serve test browser bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)
	$(BIN)/pakn serve

browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_text
	$(BIN)/python -m benchmarks.bench_classify
	$(BIN)/python -m benchmarks.bench_policies
	$(BIN)/python -m benchmarks.bench_stages
	$(BIN)/python -m benchmarks.bench_batch
