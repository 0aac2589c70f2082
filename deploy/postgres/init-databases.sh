#!/bin/bash
# One role and one database per service, each database reachable only by its own role
# (docs/architecture.md rule 1: no service reads another's tables). Passwords come from
# secret files, never the environment.
#
# PostgreSQL's entrypoint runs it once, when the volume is empty (docker-entrypoint-initdb.d).
# It creates only what is missing, so after an upgrade that adds a service (accounts) it is
# run again by hand on the running deployment (deploy/README.md, upgrades):
#   docker compose -p wangge -f deploy/compose.yaml exec postgres \
#     bash /docker-entrypoint-initdb.d/10-databases.sh
# An existing role keeps its password (ALTER ROLE changes it: deploy/README.md, secrets).
set -euo pipefail

SERVICES=(registry dispatch visits reporting accounts)
SECRETS_DIR="${SECRETS_DIR:-/run/secrets}"

for service in "${SERVICES[@]}"; do
  password_file="${SECRETS_DIR}/${service}_db_password"
  if [ ! -s "$password_file" ]; then
    echo "init-databases: missing $password_file (python3 deploy/make_secrets.py)" >&2
    exit 1
  fi
done

for service in "${SERVICES[@]}"; do
  # \gexec runs each generated statement on its own (CREATE DATABASE refuses a
  # transaction); a statement is generated only for what does not exist yet
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres -q \
       -v role="$service" -v db="wangge_${service}" \
       -v password="$(cat "${SECRETS_DIR}/${service}_db_password")" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SQL
  echo "init-databases: wangge_${service} ready (role ${service})"
done
