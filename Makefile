# Everything installs from this repo's own files into .venv; nothing is assumed present
# but python3 (>= 3.11), RabbitMQ and PostgreSQL.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint unit integration bench migrate clean contracts up down logs

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

test: lint
	$(PY) -m pytest

run: install
	$(PY) -m services.demo

migrate: install
	$(PY) -m services.common.migrate registry
	$(PY) -m services.common.migrate dispatch

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache var

contracts: install
	$(PY) -m services.common.contracts.asyncapi

COMPOSE := docker compose -f deploy/compose.yaml

up:
	$(COMPOSE) up -d --build

down:
	$(COMPOSE) down

logs:
	$(COMPOSE) logs -f --tail=200
