# belronde: the two commands are `make run` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
UV := python3 -m uv
PORT ?= 8000
export BELRONDE_DEBUG ?= true

.PHONY: install run test test-pg test-browser lint format bench messages clean

install: .venv/.installed  ## create or update .venv from requirements.lock

.venv/.installed: requirements.lock pyproject.toml
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install -q uv==0.13.9
	$(UV) venv -q --allow-existing --no-python-downloads --python 3.12 .venv
	$(UV) pip sync -q --python $(PY) requirements.lock
	$(UV) pip install -q --python $(PY) --no-deps --no-build-isolation -e .
	@touch $@

run: install  ## migrate the SQLite database, load the demo, serve http://127.0.0.1:8000 (with the task worker)
	.venv/bin/belronde migrate --no-input -v 0
	.venv/bin/belronde demo
	@PORT=$(PORT) .venv/bin/belronde worker > var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	echo "task worker running (log: var/worker.log)"; \
	.venv/bin/belronde serve --port $(PORT)

test: install  ## the whole suite (browser tests skip when Chromium is absent)
	$(PY) -m pytest -q $(ARGS)

.PHONY: test-pages
test-pages: install  ## every page of the permission matrix x every role that opens it, on a phone and a laptop (axe-core, overflow, tap targets, English)
	BELRONDE_EVERY_ROLE=1 $(PY) -m pytest -q tests/browser/test_every_page.py $(ARGS)

lint: install  ## ruff check, ruff format --check, mypy
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy belronde tests conftest.py

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

messages: install  ## refresh the nl catalogues (one per app, one for the project) and compile them
	@set -e; ignores=""; for app in belronde/*/apps.py; do \
	  dir=$$(dirname $$app); name=$$(basename $$dir); ignores="$$ignores -i $$name/*"; \
	  mkdir -p $$dir/locale; \
	  (cd $$dir && ../../.venv/bin/belronde makemessages -l nl --no-obsolete --no-location -i 'tests/*' -v 0); \
	done; \
	set -f; cd belronde && ../.venv/bin/belronde makemessages -l nl --no-obsolete --no-location -i 'tests/*' -i 'testing.py' $$ignores -v 0
	.venv/bin/belronde compilemessages -v 0 --ignore '.venv'
	@.venv/bin/python scripts/check_catalogues.py

BENCH ?= bench/*.py
bench: install  ## run the benchmarks under bench/ (modules with a main; _helpers skipped); BENCH=bench/x.py for one
	@for b in $(BENCH); do case "$$(basename $$b)" in _*) continue;; esac; grep -q '__name__ == "__main__"' "$$b" || continue; echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf .venv var/*.sqlite3*
