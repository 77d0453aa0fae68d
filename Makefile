# The two commands: `make example` (set up, then extract examples/ with the embedded model)
# and `make test` (set up, then run every test). Both work from a clean clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: example test test-fast setup browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[embedded,dask,dev]'
	touch $(STAMP)

setup: $(STAMP)

example: $(STAMP)
	$(BIN)/sitrep extract examples --out out/records.jsonl --summary out/summary.json

# The review page's browser test drives Debian's Chromium (Playwright cannot download browsers here).
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi
	@[ -x /usr/bin/chromium ] || echo "make: /usr/bin/chromium is missing and we are not root: the browser test will fail"

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

test-fast: $(STAMP) browser
	$(BIN)/python -m pytest -q -m "not embedded and not server"

clean:
	rm -rf $(VENV) out
