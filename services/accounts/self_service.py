"""Settings of what people do for themselves at accounts: volunteer sign-up, password
reset, and signing in with an external identity platform's token; and the nameko provider
handing them to workers (`AccountsService.self_service`). Each setting comes from the
service's nameko config, else the environment (each also as `X_FILE`).

| setting | default | |
| --- | --- | --- |
| ACCOUNTS_APPLY_WINDOW_S | 3600 | the sliding window of the sign-up rate limits: |
| ACCOUNTS_APPLY_PER_ADDRESS | 60 | applications from one client address, then 429 |
| ACCOUNTS_APPLY_PER_PHONE | 5 | applications for one phone (any unit), then 429 |
| ACCOUNTS_APPLY_CODE_PER_PHONE | 3 | sign-up phone codes sent to one phone in the window |
| ACCOUNTS_APPLY_CODE_PER_ADDRESS | 60 | … asked from one client address (then none is sent) |
| ACCOUNTS_APPLICATION_RETENTION_DAYS | 90 | a rejected application's personal data kept |
| ACCOUNTS_RESET_TTL_S | 900 | a reset code's life |
| ACCOUNTS_RESET_ATTEMPTS | 5 | wrong tries that end a code |
| ACCOUNTS_RESET_WINDOW_S / _PER_LOGIN | 3600 / 3 | codes sent to one login in that window |
| ACCOUNTS_SENDER | LogSender (development) | module:factory of the sender; production: required |
| ACCOUNTS_OIDC_* | (off) | the external issuer (adapters/external_tokens.py) |
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nameko.extensions import DependencyProvider

from services.accounts.adapters.external_tokens import ExternalVerifier, external_issuer
from services.accounts.adapters.senders import Sender, load_sender
from services.accounts.domain.applications import SignUpPolicy
from services.accounts.domain.phone_codes import PhoneCodePolicy
from services.accounts.domain.reset_codes import ResetPolicy
from services.common import config


def _int(cfg: Mapping[str, Any], name: str, default: int) -> int:
    raw = cfg.get(name)
    return int(raw if raw is not None else config.env(name, str(default)))


def sign_up_policy(cfg: Mapping[str, Any] | None = None) -> SignUpPolicy:
    cfg = cfg or {}
    window_s = _int(cfg, "ACCOUNTS_APPLY_WINDOW_S", 3600)
    # the codes live and are tried as reset codes are (domain/reset_codes.py)
    codes = PhoneCodePolicy(window_s=window_s,
                            per_phone=_int(cfg, "ACCOUNTS_APPLY_CODE_PER_PHONE", 3),
                            per_address=_int(cfg, "ACCOUNTS_APPLY_CODE_PER_ADDRESS", 60))
    return SignUpPolicy(window_s=window_s,
                        per_address=_int(cfg, "ACCOUNTS_APPLY_PER_ADDRESS", 60),
                        per_phone=_int(cfg, "ACCOUNTS_APPLY_PER_PHONE", 5), codes=codes,
                        retention_days=_int(cfg, "ACCOUNTS_APPLICATION_RETENTION_DAYS", 90))


def reset_policy(cfg: Mapping[str, Any] | None = None) -> ResetPolicy:
    cfg = cfg or {}
    return ResetPolicy(ttl_s=_int(cfg, "ACCOUNTS_RESET_TTL_S", 900),
                       max_attempts=_int(cfg, "ACCOUNTS_RESET_ATTEMPTS", 5),
                       window_s=_int(cfg, "ACCOUNTS_RESET_WINDOW_S", 3600),
                       per_login=_int(cfg, "ACCOUNTS_RESET_PER_LOGIN", 3))


class SelfService(DependencyProvider):
    """Built at setup, so a production deployment without a sender, or with half an
    external issuer's settings, fails to start rather than at the first request."""

    sign_up: SignUpPolicy
    resets: ResetPolicy
    sender: Sender
    external: ExternalVerifier | None

    def setup(self) -> None:
        cfg = self.container.config
        self.sign_up = sign_up_policy(cfg)
        self.resets = reset_policy(cfg)
        self.sender = load_sender(cfg)
        issuer = external_issuer(cfg)
        self.external = ExternalVerifier(issuer) if issuer is not None else None

    def get_dependency(self, worker_ctx):
        return self
