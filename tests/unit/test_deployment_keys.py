"""Outside development a service refuses to start with a development key (issue 11,
finding 15): under the public ID_HASH_KEY an event's id_hash with birth year and gender
gives an ID number back from a few thousand guesses, and under the public seal key anyone
on the broker opens sealed names (and accounts' sealed signing keys). No service holds a
key that mints tokens but accounts, whose key is sealed in its database."""

from __future__ import annotations

import secrets
from types import SimpleNamespace

import pytest

from services.common import config, seal
from services.common.access import Access

KEYS = ("ID_HASH_KEY", "PII_SEAL_KEY")
ACCOUNTS_KEY = "ACCOUNTS_KEY_SEAL_KEY"


@pytest.fixture
def env(monkeypatch):
    for name in (*KEYS, ACCOUNTS_KEY, *(f"{k}_FILE" for k in (*KEYS, ACCOUNTS_KEY)),
                 "WANGGE_ENV", "WANGGE_AUTH"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def real_keys(env) -> None:
    env.setenv("ID_HASH_KEY", secrets.token_hex(32))
    env.setenv("PII_SEAL_KEY", secrets.token_hex(32))


def start(service: str, cfg: dict | None = None) -> Access:
    """Access.setup as nameko runs it when the service starts."""
    provider = Access()
    provider.container = SimpleNamespace(config=cfg or {}, service_name=service)
    provider.setup()
    return provider


def test_development_is_the_default_and_takes_the_development_keys(env):
    assert config.environment() == "development"
    config.refuse_development_keys("registry")
    start("registry")
    env.setenv("WANGGE_ENV", "staging")
    with pytest.raises(ValueError, match="WANGGE_ENV"):
        config.environment()


@pytest.mark.parametrize("service", ["registry", "visits"])
def test_production_refuses_each_development_key_by_name(env, service):
    env.setenv("WANGGE_ENV", "production")
    with pytest.raises(config.DevelopmentKeyError) as unset:
        start(service)
    for name in KEYS:
        assert name in str(unset.value)
    for name in KEYS:
        real_keys(env)
        # set explicitly to the built-in value: as bad as unset
        env.setenv(name, {"ID_HASH_KEY": config.DEV_ID_HASH_KEY,
                          "PII_SEAL_KEY": seal.DEV_SEAL_KEY}[name])
        with pytest.raises(config.DevelopmentKeyError) as refused:
            start(service)
        assert f"{name} (or {name}_FILE)" in str(refused.value)
        assert [k for k in KEYS if k in str(refused.value)] == [name]
    real_keys(env)
    start(service)


def test_the_development_seal_key_is_refused_in_any_spelling(env, tmp_path):
    env.setenv("WANGGE_ENV", "production")
    real_keys(env)
    import base64
    dev = bytes.fromhex(seal.DEV_SEAL_KEY)
    env.setenv("PII_SEAL_KEY", base64.urlsafe_b64encode(dev).decode())
    with pytest.raises(config.DevelopmentKeyError, match="PII_SEAL_KEY"):
        start("visits")
    # a secret file holding it, as compose mounts them
    secret = tmp_path / "pii_seal_key"
    secret.write_text(seal.DEV_SEAL_KEY.upper() + "\n")
    env.setenv("PII_SEAL_KEY_FILE", str(secret))
    with pytest.raises(config.DevelopmentKeyError, match="PII_SEAL_KEY"):
        start("visits")


def test_a_service_checks_only_the_keys_it_holds(env):
    """Reporting holds no key at all; dispatch only the seal key; accounts the seal key
    and its own key that seals its signing keys."""
    env.setenv("WANGGE_ENV", "production")
    start("reporting")
    with pytest.raises(config.DevelopmentKeyError, match="PII_SEAL_KEY"):
        start("dispatch")
    with pytest.raises(config.DevelopmentKeyError, match="PII_SEAL_KEY"):
        start("accounts")
    env.setenv("PII_SEAL_KEY", secrets.token_hex(32))
    start("dispatch")
    env.setenv(ACCOUNTS_KEY, secrets.token_hex(32))
    start("accounts")
    with pytest.raises(config.DevelopmentKeyError, match="ID_HASH_KEY"):
        start("registry")


def test_accounts_refuses_its_own_key_unset_or_the_development_one(env, tmp_path):
    """Review M3: accounts' signing keys are sealed under a key no other service holds;
    in production it must be a secret of the deployment, not PII_SEAL_KEY's stand-in."""
    env.setenv("WANGGE_ENV", "production")
    env.setenv("PII_SEAL_KEY", secrets.token_hex(32))
    with pytest.raises(config.DevelopmentKeyError) as unset:
        start("accounts")
    assert f"{ACCOUNTS_KEY} (or {ACCOUNTS_KEY}_FILE)" in str(unset.value)
    assert "PII_SEAL_KEY" not in str(unset.value)
    secret = tmp_path / "accounts_key_seal_key"
    secret.write_text(seal.DEV_ACCOUNTS_KEY_SEAL_KEY + "\n")
    env.setenv(f"{ACCOUNTS_KEY}_FILE", str(secret))
    with pytest.raises(config.DevelopmentKeyError, match=ACCOUNTS_KEY):
        start("accounts")
    secret.write_text(secrets.token_hex(32))
    start("accounts")
    assert seal.seal_key(ACCOUNTS_KEY) == bytes.fromhex(secret.read_text())
    assert seal.seal_key(ACCOUNTS_KEY) != seal.seal_key()


def test_production_refuses_auth_off(env):
    env.setenv("WANGGE_ENV", "production")
    real_keys(env)
    with pytest.raises(config.DevelopmentKeyError, match="WANGGE_AUTH=off"):
        start("dispatch", {"AUTH": "off"})
    env.setenv("WANGGE_ENV", "development")
    assert start("dispatch", {"AUTH": "off"}).gate.off


def test_compose_runs_in_production_with_every_key_from_a_secret_file():
    from pathlib import Path

    import yaml

    deploy = Path(__file__).resolve().parents[2] / "deploy"
    settings = dict(line.split("=", 1) for line in
                    (deploy / "env" / "wangge.env").read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.startswith("#"))
    assert settings["WANGGE_ENV"] == "production"
    compose = yaml.safe_load((deploy / "compose.yaml").read_text(encoding="utf-8"))
    for service, keys in config.SERVICE_KEYS.items():
        container = compose["services"][service]
        assert env_file_used(container), service
        for name in keys:
            secret = name.lower()
            assert container["environment"][f"{name}_FILE"] == f"/run/secrets/{secret}", \
                (service, name)
            assert secret in container["secrets"], (service, name)
            assert name not in container["environment"], (service, name)


def env_file_used(container: dict) -> bool:
    return container.get("env_file") == ["env/wangge.env"]
