# The two commands: `make example` (set up, then extract examples/ with the embedded model)
# and `make test` (set up, then run every test). Both work from a clean clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: example test test-fast setup browser clean record-answers replay

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

# Record every annotated set's model answers again with the embedded model (after a change to what is sent to the
# model; answers already in .cache/eval are reused), then commit eval/answers/ with the figures before and after.
SETS := dev:eval/dev-gold.jsonl pool:eval/pool-gold.jsonl third:eval/third-gold.jsonl fourth:eval/fourth-gold.jsonl \
	fifth:eval/fifth-gold.jsonl sixth:eval/sixth-gold.jsonl seventh:eval/seventh-gold.jsonl \
	eighth:eval/eighth-gold.jsonl ninth:eval/ninth-gold.jsonl tenth:eval/tenth-gold.jsonl \
	eleventh:eval/eleventh-gold.jsonl twelfth:eval/twelfth-gold.jsonl empty:eval/pool-empty.jsonl
record-answers: $(STAMP)
	@for s in $(SETS); do name=$${s%%:*}; gold=$${s#*:}; echo "recording $$name"; \
		$(BIN)/sitrep eval --gold $$gold --cache-dir .cache/eval --out out/record/$$name/records.jsonl \
			--save-answers eval/answers/$$name.jsonl > /dev/null || exit 1; done

# Replay every set from its committed answers and compare with eval/baselines.json (no model, about a minute).
replay: $(STAMP)
	$(BIN)/python eval/replay.py

