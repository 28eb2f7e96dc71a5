# Build the guide and the toolchain's docs, run the checks and the tests.
# Uses the active virtual environment if there is one, else creates .venv.

ifdef VIRTUAL_ENV
VENV := $(VIRTUAL_ENV)
else
VENV := $(CURDIR)/.venv
endif
PY      := $(VENV)/bin/python
# One stamp per set of extras: `make html` installs only what a build needs,
# `make docs` adds the docs theme and MyST, `make test` the test tools.
STAMP      := $(VENV)/.installed-hardening-guide-tools
STAMP_DOCS := $(VENV)/.installed-hardening-guide-tools-docs
STAMP_TEST := $(VENV)/.installed-hardening-guide-tools-test
SPHINX  := $(PY) -m sphinx
SPHINXOPTS ?= -W --keep-going
SOURCE  := source
DOCS    := docs
BUILD   := build

.PHONY: html latexpdf docs test test-min lint check lock bench bench-checker probe mutation clean venv

# Install the project (editable) with the extras in $(1) into $(VENV).
define install
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.$(1)'
	@touch $@
endef

venv: $(STAMP_TEST)

$(STAMP): pyproject.toml
	$(call install,)

$(STAMP_DOCS): pyproject.toml
	$(call install,[docs])

# [test] includes [docs], and both include the base: one install serves all three.
TEST_EXTRAS := [test,probe]
$(STAMP_TEST): pyproject.toml
	$(call install,$(TEST_EXTRAS))
	@touch $(STAMP) $(STAMP_DOCS)

html: $(STAMP)
	$(SPHINX) -b html $(SPHINXOPTS) $(SOURCE) $(BUILD)/html

latexpdf: $(STAMP)
	$(SPHINX) -M latexpdf $(SOURCE) $(BUILD) $(SPHINXOPTS)

# The toolchain's documentation (docs/) into build/docs.
docs: $(STAMP_DOCS)
	$(SPHINX) -b html $(SPHINXOPTS) $(DOCS) $(BUILD)/docs

lint: $(STAMP_TEST)
	$(PY) -m ruff check ext tests benchmarks
	$(PY) -m ruff format --check ext tests benchmarks
	$(PY) -m mypy

check: $(STAMP)
	$(VENV)/bin/manifesto check --policy require-fs configs
	$(VENV)/bin/configfile check

lock: $(STAMP)
	$(VENV)/bin/configfile lock

test: $(STAMP_TEST) lint check
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
mutation: $(STAMP_TEST)
	$(PY) -m pip install -q -e '.[mutation]'
	$(PY) tools/mutation.py $(MUTATIONOPTS)

probe: $(STAMP_TEST)
	$(PY) -m pytest tests/live --refresh-probe-results

clean:
	rm -rf $(BUILD)
