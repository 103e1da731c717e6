# Two entry points for a newcomer (README): `make demo` and `make test`.
# Both create .venv with the system Python 3.11+ and install what they need; nothing global.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EXAMPLE := examples/township
# The example is lint-clean as of this date; date-dependent rules would otherwise move with the clock.
EXAMPLE_TODAY := 2026-11-23

.PHONY: demo docs test lint typecheck pytest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project metadata changed.
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

demo: $(VENV)/.installed
	$(BIN)/powerctl validate $(EXAMPLE)
	$(BIN)/powerctl lint $(EXAMPLE) --today $(EXAMPLE_TODAY)
	$(BIN)/powerctl due $(EXAMPLE) --on $(EXAMPLE_TODAY)

# Regenerate the rule reference from the rule declarations (a test fails when it is stale).
docs: $(VENV)/.installed
	$(BIN)/python -m powerctl.ruledocs docs/rules.md

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests || true

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy src

pytest: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

test: $(VENV)/.installed-test
	$(BIN)/ruff check src tests
	$(BIN)/mypy src
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build dist site board.pdf .pytest_cache .mypy_cache .ruff_cache
