# Everything installs from this repo's own files into .venv; nothing is assumed present
# but python3 (>= 3.11), RabbitMQ and PostgreSQL.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint unit integration bench migrate clean contracts up down logs \
	compose-tool gateway web web-deps node chromium web-test

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

lint: install web-deps
	$(VENV)/bin/ruff check .
	cd web && npm run typecheck
	cd web && node scripts/gen-api.mjs --check

# -- the web app (web/): Node >= 20 and npm, packages from the lockfile, the build --------
# Debian bookworm's nodejs is 18: when the one installed (or Debian's) is older than 20,
# say how to get 20 instead of building with it.
NODE_MAJOR := 20
node:
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= $(NODE_MAJOR) ? 0 : 1)' \
	  2>/dev/null && command -v npm >/dev/null || { \
	  echo "Node >= $(NODE_MAJOR) and npm are needed for the web app: installing Debian's nodejs and npm"; \
	  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; } ; \
	node -e 'process.exit(+process.versions.node.split(".")[0] >= $(NODE_MAJOR) ? 0 : 1)' \
	  2>/dev/null && command -v npm >/dev/null || { \
	  echo "Node >= $(NODE_MAJOR) is missing (found: $$(node --version 2>/dev/null || echo none))."; \
	  echo "Install Node $(NODE_MAJOR) (as root), e.g. Debian 13's nodejs, or:"; \
	  echo "  curl -fsSL https://deb.nodesource.com/setup_$(NODE_MAJOR).x | bash - && apt-get install -y nodejs"; \
	  exit 1; }

# npm ci only when the lockfile changed since the last install (the stamp is inside
# node_modules, which npm ci deletes first)
WEB_STAMP := web/node_modules/.ci-stamp
$(WEB_STAMP): web/package-lock.json web/package.json
	$(MAKE) --no-print-directory node
	cd web && npm ci --no-audit --no-fund
	touch $(WEB_STAMP)

web-deps: $(WEB_STAMP)

WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
	web/vite.config.ts web/tsconfig.json web/package.json
web/dist/index.html: $(WEB_STAMP) $(WEB_SOURCES)
	cd web && npm run build
	touch web/dist/index.html

web: web/dist/index.html

web-test: web-deps
	cd web && npm test

# The browser tests drive Debian's Chromium (npm's browser downloads cannot work here);
# a Chinese font, or their screenshots (var/screenshots/) show boxes for every character.
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "installing Debian's chromium for the browser tests (tests/browser)"; \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || { \
	  echo "chromium is missing: apt-get install -y chromium (as root)"; exit 1; }
	@fc-list :lang=zh 2>/dev/null | grep -q . || { \
	  echo "installing a Chinese font (fonts-wqy-microhei) for the browser tests' screenshots"; \
	  apt-get update -qq && apt-get install -y -qq fonts-wqy-microhei >/dev/null; } || { \
	  echo "no Chinese font: apt-get install -y fonts-wqy-microhei (as root)"; exit 1; }

unit: install
	$(PY) -m pytest tests/unit

integration: install
	$(PY) -m pytest tests/integration

# The compose file is checked with `docker-compose config` (no Docker engine needed).
compose-tool:
	@command -v docker-compose >/dev/null || { \
	  echo "installing docker-compose (Debian package) to check deploy/compose.yaml"; \
	  apt-get update -qq && apt-get install -y -qq docker-compose >/dev/null; } || { \
	  echo "docker-compose is missing: apt-get install -y docker-compose (as root)"; exit 1; }

test: lint web-test web chromium compose-tool
	$(PY) -m pytest

# The services make run starts verify tokens with the keys accounts publishes, fetched
# from accounts itself (not through the gateway, which starts once they are all healthy).
run: install web
	AUTH_JWKS_URL="$${AUTH_JWKS_URL:-http://$${ACCOUNTS_ADDRESS:-127.0.0.1:8005}/.well-known/jwks.json}" \
	  $(PY) -m services.demo

migrate: install
	$(PY) -m services.common.migrate registry
	$(PY) -m services.common.migrate dispatch
	$(PY) -m services.common.migrate visits
	$(PY) -m services.common.migrate reporting
	$(PY) -m services.common.migrate accounts

bench: install web chromium
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache var web/dist web/node_modules

contracts: install
	$(PY) -m services.common.contracts.asyncapi
	$(PY) -m services.common.openapi
	$(PY) -m services.common.rules_doc
	$(PY) -m services.common.system

# -p: docker-compose 1.x rejects the file's top-level `name:`. A deployment's own
# deploy/compose.override.yaml (the sender of password-reset codes) is added when present.
COMPOSE := docker compose -p wangge -f deploy/compose.yaml \
	$(if $(wildcard deploy/compose.override.yaml),-f deploy/compose.override.yaml)

# make_secrets.py keeps every file already there and adds what an upgrade needs
up:
	python3 deploy/make_secrets.py
	$(COMPOSE) up -d --build

down:
	$(COMPOSE) down

logs:
	$(COMPOSE) logs -f --tail=200
