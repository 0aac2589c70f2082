"""The signed-in session of `wangge login`: its tokens in the user's config directory.

`$XDG_CONFIG_HOME/wangge/session.json` (else `~/.config/wangge/session.json`), the file
0600 in a 0700 directory. A session file that others may read (group or world bits set) or
that another user owns is refused, not used: its refresh token signs in as its owner for
days, so a copy left readable must be noticed, not silently trusted.

Plain file handling and the refresh rule, no HTTP (signin.py calls accounts): written
whole to a temporary file and renamed, so a reader never sees half a session; every
read-refresh-write runs under an exclusive lock on `session.lock` beside it, because a
refresh token is rotated on use and accounts treats a rotated one presented again as
theft (the whole session is revoked): two `wangge` commands started together must not
both refresh with the same one.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory lock; concurrent refreshes are then possible
    fcntl = None

FILE_NAME = "session.json"
# refresh when less than this is left of the access token: a command's requests must not
# set out with a token that expires on the way (default lifetime 600 s)
REFRESH_MARGIN_S = 60.0


class SessionError(Exception):
    """The session file cannot be used (unsafe permissions, unreadable, not ours)."""


def config_dir(env: dict[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME", "").strip()
    # XDG: a relative value is invalid and must be ignored
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "wangge"


def session_path(env: dict[str, str] | None = None) -> Path:
    return config_dir(env) / FILE_NAME


@dataclass(frozen=True)
class Session:
    accounts_url: str
    access_token: str
    access_expires_at: float    # epoch seconds, by this machine's clock
    refresh_token: str
    refresh_expires_at: float
    person_id: str = ""
    display_name: str = ""

    @classmethod
    def from_answer(cls, accounts_url: str, answer: dict, now: float) -> Session:
        """From accounts' answer to a sign-in or refresh. Lifetimes are read from
        expires_in (relative), so a clock skew between this machine and accounts does not
        matter; the token's own exp would."""
        try:
            person = answer.get("person") or {}
            return cls(accounts_url=accounts_url.rstrip("/"),
                       access_token=str(answer["access_token"]),
                       access_expires_at=now + float(answer["expires_in"]),
                       refresh_token=str(answer["refresh_token"]),
                       refresh_expires_at=now + float(answer["refresh_expires_in"]),
                       person_id=str(person.get("id", "")),
                       display_name=str(person.get("display_name", "")))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SessionError(f"accounts answered without a usable session ({exc})") from None

    def needs_refresh(self, now: float, margin_s: float = REFRESH_MARGIN_S) -> bool:
        return self.access_expires_at - now < margin_s

    def refresh_expired(self, now: float) -> bool:
        return self.refresh_expires_at <= now


def _check_private(path: Path, st: os.stat_result) -> None:
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        raise SessionError(f"{path} belongs to another user; not used")
    loose = stat.S_IMODE(st.st_mode) & 0o077
    if loose:
        raise SessionError(f"{path} may be read by others (mode "
                           f"{stat.S_IMODE(st.st_mode):04o}); not used. Delete it and run "
                           "`wangge login` again (or `chmod 600` it if nobody else could "
                           "have read it)")


class SessionStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or session_path()

    def exists(self) -> bool:
        return self.path.exists()

    def load(self, *, private: bool = True) -> Session | None:
        """The stored session, None when there is none. Opened without following a
        symlink and checked on the open file, so what is checked is what is read.
        private=False skips the mode check: only for signing out, where a session that
        others may have read is exactly the one to revoke."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self.path, flags)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise SessionError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        with os.fdopen(fd, "rb") as handle:
            if private:
                _check_private(self.path, os.fstat(handle.fileno()))
            raw = handle.read()
        try:
            data = json.loads(raw)
            return Session(**{name: data[name] for name in Session.__dataclass_fields__})
        except (ValueError, KeyError, TypeError):
            raise SessionError(f"{self.path} is not a session file of `wangge login`; "
                               "delete it and sign in again") from None

    def save(self, session: Session) -> None:
        self._ensure_dir()
        temporary = self.path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                os.fchmod(handle.fileno(), 0o600)   # O_CREAT's mode is masked by umask
                json.dump(asdict(session), handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    def delete(self) -> bool:
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        return True

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Exclusive among `wangge` processes of this user (advisory lock)."""
        self._ensure_dir()
        fd = os.open(self.path.with_name("session.lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)   # closing releases the lock

    def _ensure_dir(self) -> None:
        directory = self.path.parent
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        # an existing directory made by something else keeps its mode unless tightened
        if stat.S_IMODE(directory.stat().st_mode) & 0o077:
            directory.chmod(0o700)


def now() -> float:
    return time.time()
