# Build the guide, run the checks and the tests.
# Uses the active virtual environment if there is one, else creates .venv.

ifdef VIRTUAL_ENV
VENV := $(VIRTUAL_ENV)
else
VENV := $(CURDIR)/.venv
endif
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-hardening-guide-tools
SPHINX  := $(PY) -m sphinx
SPHINXOPTS ?= -W --keep-going
SOURCE  := source
BUILD   := build

.PHONY: html latexpdf test test-min lint check lock bench bench-checker probe mutation clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,probe]'
	@touch $@

html: $(STAMP)
	$(SPHINX) -b html $(SPHINXOPTS) $(SOURCE) $(BUILD)/html

latexpdf: $(STAMP)
	$(SPHINX) -M latexpdf $(SOURCE) $(BUILD) $(SPHINXOPTS)

lint: $(STAMP)
	$(PY) -m ruff check ext tests benchmarks
	$(PY) -m ruff format --check ext tests benchmarks

check: $(STAMP)
	$(VENV)/bin/manifesto check --policy require-fs configs
	$(VENV)/bin/configfile check

lock: $(STAMP)
	$(VENV)/bin/configfile lock

test: $(STAMP) lint check
	$(PY) -m pytest

# The suite once more against the lowest versions pyproject.toml declares
# (not the slow tests: they install the latest releases into venvs of their own).
test-min:
	@test -x $(CURDIR)/.venv-min/bin/python || python3 -m venv $(CURDIR)/.venv-min
	$(CURDIR)/.venv-min/bin/python -m pip install -q --upgrade pip
	$(CURDIR)/.venv-min/bin/python -m pip install -q -e '.[test,probe]' -c tests/minimum-versions.txt
	$(CURDIR)/.venv-min/bin/python -m pytest -m 'not live and not slow'

# Both benchmarks: the quoting overhead of the directive, then the checker's time per config.
bench: $(STAMP)
	$(PY) benchmarks/quoting.py --out $(BUILD)/bench $(BENCHOPTS)
	$(PY) benchmarks/checker.py

bench-checker: $(STAMP)
	$(PY) benchmarks/checker.py $(BENCHOPTS)

# Mutation testing of ranges.py, paths.py and rules/ (minutes; not part of `make test`).
mutation: $(STAMP)
	$(PY) -m pip install -q -e '.[mutation]'
	$(PY) tools/mutation.py $(MUTATIONOPTS)

probe: $(STAMP)
	$(PY) -m pytest tests/live --refresh-probe-results

clean:
	rm -rf $(BUILD)
