# Bilateral briefing generator. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# the reference briefings `make report` builds: India–Kazakhstan today, India–Uzbekistan today,
# and India–Kazakhstan as the seed article alone saw it on 7 April 2021
PARAMS ?= params/india-kazakhstan.yaml params/india-uzbekistan.yaml params/india-kazakhstan-2021-04.yaml

.DEFAULT_GOAL := help
.PHONY: help venv validate test report intake lab bench bench-intake lint pin lock clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# requirements.txt is a full lock (every package, pinned and hashed), made by `make lock` from
# requirements.in; the venv holds exactly what it lists, plus the project itself.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP) ## make .venv from the lock (requirements.txt) and install the package in it

lock: $(STAMP) ## re-resolve requirements.in (+ requirements-lab.in) into the locks
	$(BIN)/uv pip compile requirements.in -o requirements.txt --universal \
	  --python-version 3.11 --generate-hashes --custom-compile-command "make lock" --quiet
	$(BIN)/uv pip compile requirements-lab.in -c requirements.txt -o requirements-lab.txt \
	  --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
	  --quiet

validate: $(STAMP) ## validate the facts: a summary, or every error with file, line and column
	$(BIN)/python -m briefing validate

test: $(STAMP) ## validate the live data, then every test (on frozen fixtures): pytest + nbval
	$(BIN)/python -m briefing validate
	$(BIN)/python -m pytest --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg

report: $(STAMP) ## build the reference briefings (or PARAMS=params/….yaml, PAIR=IND-UZB) into reports/
	$(BIN)/python -m briefing build $(foreach p,$(PARAMS),--params $(p)) $(if $(PAIR),--pair $(PAIR)) \
	  $(BUILD_ARGS)

intake: $(STAMP) ## store an article, propose its facts: make intake FILE=a.txt URL=… PUBLISHED=2021-04-07 [PAIR=IND-KAZ]; or make intake ACCEPT=data/intake/<id>.csv
	$(BIN)/python -m briefing intake $(if $(ACCEPT),--accept $(ACCEPT),$(FILE) \
	  $(if $(URL),--url "$(URL)") $(if $(PUBLISHED),--published $(PUBLISHED)) \
	  $(if $(PAIR),--pair $(PAIR)) $(if $(TITLE),--title "$(TITLE)") \
	  $(if $(PUBLISHER),--publisher "$(PUBLISHER)")) $(INTAKE_ARGS)

lab: $(STAMP) ## JupyterLab at the project root: data, params, notebooks, reports (installs it the first time)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-lab.txt
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) \
	  $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

bench: $(STAMP) ## benchmark builds and scale; writes bench/RESULTS.md (about 8 minutes)
	$(BIN)/python bench/run.py

bench-intake: $(STAMP) ## intake's recall, precision and time; writes bench/INTAKE-RESULTS.md (about 3 minutes)
	$(BIN)/python bench/intake_bench.py

pin: $(STAMP) ## re-execute the notebooks on the test fixture, keeping the outputs nbval compares
	BRIEFING_DATA_DIR=$(CURDIR)/tests/fixtures/seed $(BIN)/python -m briefing pin

lint: $(STAMP) ## ruff on the package and tests
	$(BIN)/ruff check briefing tests bench

clean: ## remove the virtual environment, the cache and rendered reports (README kept)
	rm -rf $(VENV) .cache build
	find reports -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
