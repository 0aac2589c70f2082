#!/bin/bash
# Runs once, when the PostgreSQL volume is empty (docker-entrypoint-initdb.d): one role and
# one database per service, each database reachable only by its own role
# (docs/architecture.md rule 1: no service reads another's tables). Passwords come from
# secret files, never the environment. Adding a service later: run the same statements by
# hand (deploy/README.md).
set -euo pipefail

for service in registry dispatch visits reporting; do
  password_file="/run/secrets/${service}_db_password"
  if [ ! -s "$password_file" ]; then
    echo "init-databases: missing $password_file (python3 deploy/make_secrets.py)" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v role="$service" -v db="wangge_${service}" \
       -v password="$(cat "$password_file")" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
done
