"""The compose deployment declares what ops expect, and the broker users are least-privilege.

No Docker engine is needed: compose.yaml is parsed with PyYAML and checked by
`docker-compose config`; the permissions are checked as regular expressions here and on the
real broker in tests/integration/test_broker_permissions.py.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import importlib.util
import inspect
import ipaddress
import json
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SERVICES = ("registry", "dispatch", "visits", "reporting", "accounts")
EXCHANGES = tuple(f"{s}.events" for s in (*SERVICES, "integration"))
ONE_SHOT = {"rabbitmq-definitions", *(f"{s}-migrate" for s in SERVICES)}


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name.replace("/", "_"), DEPLOY / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def definitions() -> dict:
    return json.loads((DEPLOY / "rabbitmq" / "definitions.json").read_text(encoding="utf-8"))


def _permissions(definitions: dict, user: str) -> dict:
    (perm,) = [p for p in definitions["permissions"] if p["user"] == user]
    return perm


def _allows(regex: str, resource: str) -> bool:
    # RabbitMQ matches with re:run, unanchored: the definitions anchor every expression
    return re.search(regex, resource) is not None


# -- compose -------------------------------------------------------------------------------
def test_the_services_run_after_their_migration_job(compose):
    containers = compose["services"]
    for service in SERVICES:
        job, svc = containers[f"{service}-migrate"], containers[service]
        assert job["command"] == ["python", "-m", "services.common.migrate", service]
        assert job["restart"] == "no"
        assert job["depends_on"]["postgres"] == {"condition": "service_healthy"}
        assert svc["command"] == ["python", "-m", f"services.{service}"]
        assert svc["environment"][f"{service.upper()}_SKIP_MIGRATE"] == "1"
        assert svc["depends_on"] == {
            "rabbitmq": {"condition": "service_healthy"},
            "postgres": {"condition": "service_healthy"},
            f"{service}-migrate": {"condition": "service_completed_successfully"},
        }
        assert svc["image"] == job["image"] == "wangge:latest"
    assert containers["rabbitmq"]["depends_on"] == {
        "rabbitmq-definitions": {"condition": "service_completed_successfully"}}


def test_every_list_of_the_services_names_the_same_five(compose):
    """Adding a service touches several lists (docs/architecture.md, adding a service):
    one left behind would leave the service without a database, secrets, a migration in
    `make migrate` or a start in `make run`."""
    from services.common.openapi import DEFAULT_PORTS as OPENAPI_PORTS
    from services.common.system import SERVICES as TOPOLOGY
    from services.demo.__main__ import SERVICES as MAKE_RUN
    from services.gateway.proxy import DEFAULT_PORTS

    init = (DEPLOY / "postgres" / "init-databases.sh").read_text(encoding="utf-8")
    (listed,) = re.findall(r"^SERVICES=\(([^)]*)\)", init, re.M)
    makefile = (DEPLOY.parent / "Makefile").read_text(encoding="utf-8")
    migrated = re.findall(r"-m services\.common\.migrate (\w+)", makefile)
    postgres_secrets = {s.removesuffix("_db_password")
                        for s in compose["services"]["postgres"]["secrets"]
                        if s.endswith("_db_password")}
    for found in (listed.split(), migrated, _load("make_secrets.py").SERVICES, TOPOLOGY,
                  [name for name, _port in MAKE_RUN], list(DEFAULT_PORTS), postgres_secrets):
        assert sorted(found) == sorted(SERVICES)
    assert dict(MAKE_RUN) == DEFAULT_PORTS == OPENAPI_PORTS


def test_every_long_running_container_has_a_healthcheck(compose):
    long_running = set(compose["services"]) - ONE_SHOT
    assert long_running == {"rabbitmq", "postgres", "gateway", *SERVICES}
    for name in long_running:
        check = compose["services"][name].get("healthcheck")
        assert check and check["test"], f"{name} has no healthcheck"
    for service in SERVICES:
        assert "http://127.0.0.1:8000/health" in " ".join(
            compose["services"][service]["healthcheck"]["test"])
    # every dependency on a long-running container waits for it to be healthy
    for name, container in compose["services"].items():
        for dep, cond in (container.get("depends_on") or {}).items():
            expected = ("service_completed_successfully" if dep in ONE_SHOT
                        else "service_healthy")
            assert cond == {"condition": expected}, f"{name} → {dep}"


def test_images_and_plugins(compose):
    assert compose["services"]["rabbitmq"]["image"].startswith("rabbitmq:3.10")
    assert compose["services"]["postgres"]["image"] == "postgres:15"
    plugins = (DEPLOY / "rabbitmq" / "enabled_plugins").read_text()
    assert "rabbitmq_management" in plugins and "rabbitmq_prometheus" in plugins
    conf = (DEPLOY / "rabbitmq" / "rabbitmq.conf").read_text()
    assert "load_definitions = /etc/rabbitmq/definitions/definitions.json" in conf
    mounts = compose["services"]["rabbitmq"]["volumes"]
    assert "rabbitmq-definitions:/etc/rabbitmq/definitions:ro" in mounts


def test_state_lives_in_named_volumes(compose):
    declared = set(compose["volumes"])
    assert {"rabbitmq-data", "postgres-data", "rabbitmq-definitions"} <= declared
    used = {v.split(":")[0] for c in compose["services"].values() for v in c.get("volumes", [])}
    assert declared <= used
    assert "postgres-data:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]
    assert "rabbitmq-data:/var/lib/rabbitmq" in compose["services"]["rabbitmq"]["volumes"]


def test_the_gateway_serves_every_service_and_is_the_proxy_accounts_trusts(compose):
    """One address for all five (as `make run` gives): it starts once every service is
    healthy. Accounts counts failed sign-ins per client address; behind the gateway that
    address is the X-Forwarded-For entry the gateway adds, believed only from the
    gateway's own fixed address, never from any container or client."""
    from services.gateway.proxy import DEFAULT_PORTS

    gateway = compose["services"]["gateway"]
    assert gateway["command"] == ["python", "-m", "services.gateway"]
    assert gateway["depends_on"] == {s: {"condition": "service_healthy"} for s in SERVICES}
    backends = dict(item.strip().split("=", 1)
                    for item in gateway["environment"]["GATEWAY_BACKENDS"].split(","))
    assert backends == {s: f"http://{s}:8000" for s in SERVICES}
    assert set(DEFAULT_PORTS) == set(SERVICES)
    assert gateway["environment"]["GATEWAY_ADDRESS"] == "0.0.0.0:8000"
    address = gateway["networks"]["default"]["ipv4_address"]
    assert compose["services"]["accounts"]["environment"]["ACCOUNTS_TRUSTED_PROXIES"] == address
    ip = _default(address, "WANGGE_GATEWAY_IP")
    (ipam,) = compose["networks"]["default"]["ipam"]["config"]
    net = ipaddress.ip_network(_default(ipam["subnet"], "WANGGE_SUBNET"))
    dynamic = ipaddress.ip_network(_default(ipam["ip_range"], "WANGGE_DYNAMIC_RANGE"))
    # the other containers are given addresses from `dynamic` as they start, before the
    # gateway: its own must lie outside it
    assert ipaddress.ip_address(ip) in net and ipaddress.ip_address(ip) not in dynamic
    assert dynamic.subnet_of(net)


def _default(value: str, variable: str) -> str:
    assert value.startswith(f"${{{variable}:-") and value.endswith("}"), value
    return value.removeprefix(f"${{{variable}:-").removesuffix("}")


def test_every_service_verifies_tokens_with_the_keys_accounts_publishes(compose):
    """No key that mints tokens anywhere but inside accounts: the services fetch accounts'
    public keys over the compose network."""
    settings = _env_file()
    assert settings["AUTH_JWKS_URL"] == "http://accounts:8000/.well-known/jwks.json"
    for name, container in compose["services"].items():
        env = container.get("environment") or {}
        assert not any("AUTH_TOKEN_KEY" in key for key in env), name
        assert not any("token" in secret for secret in container.get("secrets", [])), name
        if name in SERVICES:
            assert container["env_file"] == ["env/wangge.env"]
            assert "AUTH_JWKS_URL" not in env, f"{name}: one URL for all, in wangge.env"
    assert not any("token" in name for name in compose["secrets"])


def _env_file() -> dict[str, str]:
    text = (DEPLOY / "env" / "wangge.env").read_text(encoding="utf-8")
    return dict(line.split("=", 1) for line in text.splitlines()
                if line.strip() and not line.startswith("#"))


SECRET_NAME = re.compile(r"(?i)(pass|secret|_key$|_uri$|_url$|token)")
CREDENTIAL_IN_URL = re.compile(r"://[^/\s:@]+:[^@\s]+@")
# named like a secret but public: where accounts, or an external issuer, publishes keys
PUBLIC = {"AUTH_JWKS_URL", "ACCOUNTS_OIDC_JWKS_URL"}


def _inline_secret(key: str, value) -> bool:
    return bool((SECRET_NAME.search(key) and key not in PUBLIC)
                or CREDENTIAL_IN_URL.search(str(value)))


def test_secrets_come_from_files_never_inline(compose):
    declared = compose["secrets"]
    for name, spec in declared.items():
        assert set(spec) == {"file"} and spec["file"] == f"secrets/{name}"
    for name, container in compose["services"].items():
        mounted = set(container.get("secrets", []))
        assert mounted <= set(declared), name
        env = container.get("environment") or {}
        for key, value in env.items():
            if key.endswith("_FILE"):
                assert value.startswith("/run/secrets/"), f"{name}: {key}"
                assert value.removeprefix("/run/secrets/") in mounted, f"{name}: {key}"
            else:
                assert not _inline_secret(key, value), f"{name}: {key} inline"
    settings = _env_file()
    assert settings and not any(_inline_secret(k, v) for k, v in settings.items())
    for service in SERVICES:
        env = compose["services"][service]["environment"]
        assert env["AMQP_URI_FILE"] == f"/run/secrets/{service}_amqp_uri"
        assert env[f"{service.upper()}_DATABASE_URL_FILE"] == \
            f"/run/secrets/{service}_database_url"
    assert "secrets/" in (DEPLOY / ".gitignore").read_text()


def test_the_image_is_small_pinned_and_not_root():
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    froms = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert froms == ["node:20-slim", "python:3.11-slim", "python:3.11-slim"]
    assert "--constraint constraints.txt" in dockerfile
    assert re.search(r"^USER 10001", dockerfile, re.M)
    pins = (DEPLOY / "constraints.txt").read_text().splitlines()[1:]
    assert pins and all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[^=\s]+", p) for p in pins)
    pinned = {p.split("==")[0].lower() for p in pins}
    assert {"nameko", "kombu", "sqlalchemy", "marshmallow", "eventlet"} <= pinned


def test_the_image_holds_the_web_app_built_from_its_lockfile():
    """The gateway serves web/dist at / (services/gateway/static.py): built in a Node
    stage with `npm ci` (the lockfile, nothing resolved anew), only dist/ is copied into
    the final image, where GATEWAY_WEB_ROOT points at it."""
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    stages = re.split(r"^FROM ", dockerfile, flags=re.M)[1:]
    web, final = stages[0], stages[-1]
    assert web.startswith("node:20-slim AS web")
    assert "COPY web/package.json web/package-lock.json ./" in web
    assert re.search(r"^RUN npm ci$", web, re.M) and "npm install" not in dockerfile
    assert "npm run build" in web
    (root,) = re.findall(r"GATEWAY_WEB_ROOT=(\S+)", final)
    assert f"COPY --from=web /web/dist {root}" in final
    assert "node_modules" not in final and "npm" not in final
    ignored = (DEPLOY.parent / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert {"web/node_modules", "web/dist", "deploy/secrets", ".venv", "var"} <= set(ignored)


def test_docker_compose_config_validates_the_file():
    binary = shutil.which("docker-compose")
    assert binary, "docker-compose is needed (Debian: apt-get install -y docker-compose)"
    result = subprocess.run([binary, "-p", "wangge", "-f", str(DEPLOY / "compose.yaml"),
                             "config", "-q"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# -- broker users ----------------------------------------------------------------------------
def test_one_user_per_service_plus_integrator_reader_admin_and_no_guest(definitions):
    users = {u["name"]: u for u in definitions["users"]}
    assert set(users) == {*SERVICES, "integrator", "reader", "admin"}
    assert "guest" not in users
    assert all(u["password_hash"] == "" for u in users.values()), "hashes are rendered"
    assert users["admin"]["tags"] == ["administrator"]
    assert all(not u["tags"] for name, u in users.items() if name != "admin")
    assert {p["user"] for p in definitions["permissions"]} == set(users)
    assert {p["vhost"] for p in definitions["permissions"]} == {"wangge"}
    assert {e["name"] for e in definitions["exchanges"]} == set(EXCHANGES)
    assert all(e["type"] == "topic" and e["durable"] for e in definitions["exchanges"])


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_may_write_only_to_its_own_exchange(definitions, service):
    perm = _permissions(definitions, service)
    for exchange in EXCHANGES:
        assert _allows(perm["write"], exchange) == (exchange == f"{service}.events"), exchange
    for queue in (f"{service}.integration", f"{service}.integration.retry",
                  f"{service}.integration.dead"):
        assert _allows(perm["configure"], queue) and _allows(perm["read"], queue)
        assert _allows(perm["write"], queue)  # queue.bind needs write on the queue
    other = next(s for s in SERVICES if s != service)
    assert not _allows(perm["configure"], f"{other}.integration")
    assert not _allows(perm["read"], f"{other}.integration")


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_parks_through_its_own_exchange_never_the_default_one(definitions, service):
    """Publishing to the default exchange reaches any queue by name, and RabbitMQ checks
    only `amq.default` for it: no service may write there. Retries, dead letters and the
    broker's own dead-lettering go through `<service>.parking` instead."""
    from services.common import topology

    perm = _permissions(definitions, service)
    assert not _allows(perm["write"], "amq.default")
    parking = topology.parking_exchange(service)
    # declare it, publish to it, bind its queues to it (read on the exchange)
    assert all(_allows(perm[p], parking) for p in ("configure", "write", "read"))
    for other in SERVICES:
        if other != service:
            assert not _allows(perm["write"], topology.parking_exchange(other))
            assert not _allows(perm["read"], topology.parking_exchange(other))
    queue = topology.queue_name(service, "integration")
    for arguments in (topology.main_queue_arguments(queue),
                      topology.retry_queue_arguments(queue)):
        assert arguments["x-dead-letter-exchange"] == parking


def _bound_exchanges(service: str) -> set[str]:
    module = importlib.import_module(f"services.{service}.entrypoints.service")
    classes = [c for _, c in inspect.getmembers(module, inspect.isclass)
               if getattr(c, "name", None) == service]
    assert classes, f"services.{service}.service has no service class named {service}"
    return {exchange for _, fn in inspect.getmembers(classes[0], inspect.isfunction)
            for entrypoint in getattr(fn, "nameko_entrypoints", ())
            for exchange, _key in getattr(entrypoint, "bindings", ())}


def _history() -> tuple[set[str], str]:
    """Exchanges every service binds its history stream to, when it starts its relay."""
    from services.common.history import DEFAULTS

    return set(DEFAULTS["HISTORY_EXCHANGES"].split(",")), DEFAULTS["HISTORY_STREAM"]


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_reads_exactly_the_exchanges_it_binds(definitions, service):
    bound = _bound_exchanges(service)
    history_exchanges, stream = _history()
    bound |= history_exchanges
    perm = _permissions(definitions, service)
    own = f"{service}.events"
    readable = {e for e in EXCHANGES if _allows(perm["read"], e)} - {own}
    assert readable == bound - {own}
    # a consumer declares other services' exchanges passively (services/common/
    # topology.py): configure, which also allows deleting, only where the history stream
    # declares them (services/common/history.py)
    configurable = {e for e in EXCHANGES if _allows(perm["configure"], e)} - {own}
    assert configurable == history_exchanges - {own}
    assert _allows(perm["configure"], own)
    assert _allows(perm["configure"], stream) and _allows(perm["write"], stream)


def test_the_history_stream_exists_from_the_first_boot(definitions):
    history_exchanges, stream = _history()
    from services.common.history import History

    (queue,) = [q for q in definitions["queues"] if q["name"] == stream]
    # the same arguments the services declare, or their declaration is refused
    assert queue["arguments"] == History.from_config({"AMQP_URI": "amqp://x"}).arguments()
    assert {b["source"] for b in definitions["bindings"]
            if b["destination"] == stream and b["routing_key"] == "#"} == history_exchanges


def _documented(cell: str) -> set[str]:
    return set(re.findall(r"`([^`]+)`", cell))


def _granted(regex: str) -> set[str]:
    """`^(dispatch\\..+|registry\\.events)$` → {"dispatch.*", "registry.events"}."""
    inner = regex.removeprefix("^(").removesuffix(")$")
    return {item.replace("\\.", ".").replace(".+", "*") for item in inner.split("|")}


@pytest.mark.parametrize("service", SERVICES)
def test_the_readme_table_of_broker_users_says_what_the_definitions_grant(definitions,
                                                                          service):
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    (row,) = [line for line in readme.splitlines() if line.startswith(f"| `{service}` |")]
    configure, write, read = (_documented(c) for c in row.strip("|").split("|")[1:4])
    perm = _permissions(definitions, service)
    assert (configure, write, read) == (_granted(perm["configure"]), _granted(perm["write"]),
                                        _granted(perm["read"]))


def test_the_integrator_can_only_publish_into_integration_events(definitions):
    perm = _permissions(definitions, "integrator")
    assert [e for e in EXCHANGES if _allows(perm["write"], e)] == ["integration.events"]
    assert not _allows(perm["write"], "amq.default")
    assert perm["configure"] == "^$" and perm["read"] == "^$"


def test_the_reader_reads_reporting_events_into_its_own_queues(definitions):
    perm = _permissions(definitions, "reader")
    assert [e for e in EXCHANGES if _allows(perm["read"], e)] == ["reporting.events"]
    assert not any(_allows(perm["write"], e) for e in (*EXCHANGES, "amq.default"))
    assert _allows(perm["configure"], "reader.daily") and \
        _allows(perm["configure"], "amq.gen-Xy1")
    assert not _allows(perm["configure"], "reporting.daily")


# -- rendering the definitions and creating the secrets ---------------------------------------
def test_rendered_hashes_are_rabbitmq_salted_sha256(definitions):
    render = _load("rabbitmq/render_definitions.py")
    passwords = {u["name"]: f"pw-{u['name']}" for u in definitions["users"]}
    rendered = render.render(definitions, passwords)
    for user in rendered["users"]:
        raw = base64.b64decode(user["password_hash"])
        salt, digest = raw[:4], raw[4:]
        assert digest == hashlib.sha256(salt + f"pw-{user['name']}".encode()).digest()
        assert user["hashing_algorithm"] == "rabbit_password_hashing_sha256"
    assert all(u["password_hash"] == "" for u in definitions["users"]), "template untouched"
    del passwords["reader"]
    with pytest.raises(SystemExit, match="rabbitmq_reader_password"):
        render.render(definitions, passwords)


def test_rendering_refuses_a_user_who_may_write_to_the_default_exchange(definitions):
    render = _load("rabbitmq/render_definitions.py")
    passwords = {u["name"]: f"pw-{u['name']}" for u in definitions["users"]}
    assert render.default_exchange_writers(definitions) == []  # admin is allowed
    widened = json.loads(json.dumps(definitions))
    _permissions(widened, "visits")["write"] = "^(visits\\..+|amq\\.default)$"
    with pytest.raises(SystemExit, match="amq.default.*: visits"):
        render.render(widened, passwords)


def test_make_secrets_creates_matching_files_and_never_overwrites(tmp_path, definitions):
    make = _load("make_secrets.py")
    target = tmp_path / "secrets"
    make.main(["--dir", str(target)])
    files = {p.name: p.read_text().strip() for p in target.iterdir()}
    compose_secrets = set(yaml.safe_load((DEPLOY / "compose.yaml").read_text())["secrets"])
    assert set(files) == compose_secrets
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    for service in SERVICES:
        assert files[f"{service}_amqp_uri"] == (
            f"amqp://{service}:{files[f'rabbitmq_{service}_password']}@rabbitmq:5672/wangge")
        assert files[f"{service}_database_url"] == (
            f"postgresql+psycopg2://{service}:{files[f'{service}_db_password']}"
            f"@postgres:5432/wangge_{service}")
    assert {f"rabbitmq_{u['name']}_password" for u in definitions["users"]} <= set(files)
    (target / "id_hash_key").chmod(0o600)
    (target / "id_hash_key").write_text("kept\n")
    (target / "visits_amqp_uri").unlink()
    make.main(["--dir", str(target)])
    assert (target / "id_hash_key").read_text() == "kept\n"
    assert (target / "visits_amqp_uri").read_text().strip() == files["visits_amqp_uri"]
