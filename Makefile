# Two commands do everything on a fresh machine: `make demo` and `make test`.
# Both create .venv with the machine's python3 when it is missing and install the project.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
JOBS ?= auto

.PHONY: test demo lint bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,notebooks]'
	@touch $(STAMP)

test: $(STAMP)
	$(PY) -m ruff check casualties tests benchmarks scripts
	$(PY) -m pytest -q -n $(JOBS) --dist loadgroup

demo: $(STAMP)
	$(VENV)/bin/casualties demo

lint: $(STAMP)
	$(PY) -m ruff check casualties tests benchmarks scripts
	$(PY) -m ruff format --check casualties tests benchmarks scripts

bench: $(STAMP)
	@for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
