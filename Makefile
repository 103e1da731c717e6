# Two entry points for a newcomer (README): `make demo` and `make test`.
# Both create .venv with the system Python 3.11+ and install what they need; nothing global.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EXAMPLE := examples/township
# The example is lint-clean as of this date; date-dependent rules would otherwise move with the clock.
EXAMPLE_TODAY := 2026-11-23

# Debian packages: runtime (PDF fonts and layout, flowcharts) and tests (PDF tools, a real
# browser). Installed only when missing; `--no-install-recommends` keeps chromium small.
RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk graphviz
TEST_DEBS    := poppler-utils chromium

.PHONY: demo docs test lint typecheck pytest clean system-deps system-deps-test

system-deps:
	@missing=$$(for p in $(RUNTIME_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

system-deps-test: system-deps
	@missing=$$(for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project metadata changed.
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

# `make bench` also needs the baselines (check-jsonschema, PyYAML with libyaml).
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $@

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

demo: system-deps $(VENV)/.installed
	$(BIN)/powerctl validate $(EXAMPLE)
	$(BIN)/powerctl lint $(EXAMPLE) --today $(EXAMPLE_TODAY)
	$(BIN)/powerctl due $(EXAMPLE) --on $(EXAMPLE_TODAY)
	$(BIN)/powerctl render $(EXAMPLE) --out site --today $(EXAMPLE_TODAY)
	$(BIN)/powerctl print $(EXAMPLE) --out board.pdf --today $(EXAMPLE_TODAY)
	@echo
	@echo "公开栏网站 / the board's site: $(CURDIR)/site/index.html  (search needs HTTP: python3 -m http.server -d site)"
	@echo "打印稿 / printable sheets:     $(CURDIR)/board.pdf"

# Regenerate the rule reference from the rule declarations (a test fails when it is stale).
docs: $(VENV)/.installed
	$(BIN)/python -m powerctl.ruledocs docs/rules.md
	$(BIN)/python -m powerctl.clidocs docs/cli.md

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests || true

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy src

pytest: system-deps-test $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

test: system-deps-test $(VENV)/.installed-test
	$(BIN)/ruff check src tests
	$(BIN)/mypy src
	$(BIN)/python -m pytest -q

# The performance figures of design/benchmarks.md (B1-B7) into bench/results.md; not part of
# `make test`. At scale 80 this takes a while (check-jsonschema alone: minutes per run).
BENCH_SCALE ?= 80
BENCH_RUNS  ?= 5
BENCH_WORK  ?= /tmp/powerctl-bench
BENCH_ARGS  ?=
.PHONY: bench
bench: system-deps $(VENV)/.installed-bench
	$(BIN)/python bench/run.py --scale $(BENCH_SCALE) --runs $(BENCH_RUNS) --runs-slow $(BENCH_RUNS) \
	  --work $(BENCH_WORK) --out bench/results.md $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist site board.pdf .pytest_cache .mypy_cache .ruff_cache
