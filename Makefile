# Bilateral briefing generator. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PARAMS ?= params/india-kazakhstan.yaml

.DEFAULT_GOAL := help
.PHONY: help venv validate test report lab bench lint pin clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP) ## make .venv from requirements.txt and install the package in it

validate: $(STAMP) ## validate the facts: a summary, or every error with file, line and column
	$(BIN)/python -m briefing validate

test: $(STAMP) ## run every test: pytest on the package, nbval on the notebooks
	$(BIN)/python -m pytest --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg

report: $(STAMP) ## build the briefing (PARAMS=params/….yaml, or PAIR=IND-UZB) into reports/
	$(BIN)/python -m briefing build --params $(PARAMS) $(if $(PAIR),--pair $(PAIR)) $(BUILD_ARGS)

lab: $(STAMP) ## explore the notebooks in JupyterLab (installs it into .venv the first time)
	$(BIN)/python -m pip install --quiet -r requirements-lab.txt
	cd notebooks && ../$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

bench: $(STAMP) ## benchmark builds and scale; writes bench/RESULTS.md (about 8 minutes)
	$(BIN)/python bench/run.py

pin: $(STAMP) ## re-execute the notebooks, keeping only the outputs nbval compares
	$(BIN)/python -m briefing pin

lint: $(STAMP) ## ruff on the package and tests
	$(BIN)/ruff check briefing tests bench

clean: ## remove the virtual environment and rendered reports
	rm -rf $(VENV) reports/*/ build
