# Two commands set everything up on a fresh Debian/Ubuntu machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# unoserver (the warm PDF converter) needs Debian's Python, which has LibreOffice's `uno` module.
UNO_VENV := .venv-uno
UNO_STAMP := $(UNO_VENV)/.installed

.PHONY: run test lint bench setup system-packages system-packages-test clean

run: setup
	$(BIN)/kunjungan run

test: setup system-packages-test
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/accuracy.py

setup: system-packages $(STAMP) $(UNO_STAMP)

# Debian packages the service needs (installed only when missing; root or sudo required then).
system-packages:
	@sh tools/system-packages.sh run

system-packages-test:
	@sh tools/system-packages.sh test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(UNO_STAMP):
	/usr/bin/python3 -m venv --system-site-packages $(UNO_VENV)
	$(UNO_VENV)/bin/pip install --quiet unoserver
	touch $(UNO_STAMP)

clean:
	rm -rf $(VENV) $(UNO_VENV) .pytest_cache .mypy_cache .ruff_cache
