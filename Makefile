# Saphan: `make run` serves the demo, `make test` runs the whole suite. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_PROVINCE ?= ชุมพร
ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.PHONY: run test setup install lint format openapi

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) scripts/check_python.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,bench]'
	@touch $(STAMP)

install: $(STAMP)

setup: $(STAMP)
	$(BIN)/saphan setup --demo "$(DEMO_PROVINCE)"

run: setup
	@echo "Saphan: http://$(ADDR)/  (Ctrl-C to stop)"
	$(BIN)/saphan serve $(ADDR)

# pytest exits 5 when it collects no test: that is not a failure of the suite.
test: $(STAMP)
	@$(BIN)/saphan compiletranslations >/dev/null
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy saphan engines bench
	$(BIN)/lint-imports
	$(BIN)/saphan makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: $(STAMP)
	$(BIN)/saphan export_openapi_schema --api saphan.api.api --indent 2 --sorted --output docs/openapi.json
