# Everything installs from this repo's own files into .venv; nothing is assumed present
# but python3 (>= 3.11), RabbitMQ and PostgreSQL.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint unit integration bench migrate clean contracts up down logs \
	compose-tool gateway

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(VENV)/bin/ruff check .

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

test: lint compose-tool
	$(PY) -m pytest

# The services make run starts verify tokens with the keys accounts publishes, fetched
# from accounts itself (not through the gateway, which starts once they are all healthy).
run: install
	AUTH_JWKS_URL="$${AUTH_JWKS_URL:-http://$${ACCOUNTS_ADDRESS:-127.0.0.1:8005}/.well-known/jwks.json}" \
	  $(PY) -m services.demo

migrate: install
	$(PY) -m services.common.migrate registry
	$(PY) -m services.common.migrate dispatch
	$(PY) -m services.common.migrate visits
	$(PY) -m services.common.migrate reporting
	$(PY) -m services.common.migrate accounts

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache var

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
