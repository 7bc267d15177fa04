# PeerLink: `make run` serves the app with demo data; `make test` runs the whole suite.
# Both set everything up first, so they work on a fresh clone.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMPS := .setup-stamps
VENDOR := peerlink/static/vendor
export FLASK_APP := wsgi:app

.PHONY: run test setup migrate seed lint bench-directory clean

# `seed` loads the demo community once and prints its logins on every start.
run: setup migrate seed
	$(BIN)/python wsgi.py

test: setup
	$(BIN)/ruff check peerlink tests bench wsgi.py migrations
	$(BIN)/bandit -q -r peerlink -ll
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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
	$(BIN)/ruff check peerlink tests bench wsgi.py migrations
	$(BIN)/bandit -q -r peerlink -ll

$(STAMPS)/python: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "PeerLink needs Python 3.11 or newer (found $$($(PYTHON) --version))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/assets: package.json package-lock.json
	@command -v npm >/dev/null || { echo "PeerLink needs Node.js 18+ with npm."; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/socket.io $(VENDOR)/swagger-ui
	cp node_modules/socket.io-client/dist/socket.io.min.js \
	   node_modules/socket.io-client/dist/socket.io.min.js.map $(VENDOR)/socket.io/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js \
	   node_modules/swagger-ui-dist/swagger-ui.css $(VENDOR)/swagger-ui/
	@mkdir -p $(STAMPS) && touch $@

clean:
	rm -rf $(VENV) node_modules $(VENDOR) $(STAMPS) .pytest_cache
