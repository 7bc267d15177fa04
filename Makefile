# PeerLink: `make run` serves the app with demo data; `make test` runs the whole suite.
# Both set everything up first, so they work on a fresh clone. `make dist` builds the wheel a
# server installs (docs/deployment.md); `make deploy-check` installs and serves it for real.

PYTHON ?= python3
# pytest-xdist workers for `make test` (one per core, at most 4); 0 runs in one process.
TEST_WORKERS ?= auto
VENV   := .venv
BIN    := $(VENV)/bin
STAMPS := .setup-stamps
LINTED := peerlink tests bench wsgi.py migrations scripts hatch_build.py .ci/deploy_check.py
export FLASK_APP := wsgi:app

.PHONY: run test setup migrate seed lint dist deploy-check bench-directory clean

# `seed` loads the demo community once and prints its logins on every start.
run: setup migrate seed
	$(BIN)/python wsgi.py

test: setup
	$(BIN)/ruff check $(LINTED)
	$(BIN)/bandit -q -r peerlink -ll
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses=4 --dist loadgroup $(PYTEST_ARGS)

setup: $(STAMPS)/python $(STAMPS)/assets

# The directory's index is rebuilt after upgrading: a migration may change what it holds
# (0008: each region's spellings). Quick for the demo community.
migrate: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask reindex-directory

seed: migrate
	$(BIN)/flask seed-taxonomies
	$(BIN)/flask seed-demo

lint: setup
	$(BIN)/ruff check $(LINTED)
	$(BIN)/bandit -q -r peerlink -ll

# The wheel: app, templates, migrations, front-end libraries (the build hook runs
# scripts/vendor_assets.py) and the `peerlink` command. Needs Node.js + npm, not the server.
dist: $(STAMPS)/python
	rm -rf dist
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .
	@ls dist/*.whl

# Builds and installs the wheel in a fresh venv, then serves it through nginx with
# PostgreSQL and Redis, as docs/deployment.md says (CI runs it after `make test`).
deploy-check: setup
	.ci/deploy-check

$(STAMPS)/python: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "PeerLink needs Python 3.11 or newer (found $$($(PYTHON) --version))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@mkdir -p $(STAMPS) && touch $@

# npm ci, then the copy into peerlink/static/vendor: the same script the wheel build runs.
$(STAMPS)/assets: package.json package-lock.json scripts/vendor_assets.py
	$(PYTHON) scripts/vendor_assets.py
	@mkdir -p $(STAMPS) && touch $@

clean:
	rm -rf $(VENV) node_modules peerlink/static/vendor $(STAMPS) .pytest_cache dist
