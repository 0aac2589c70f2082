"""The accounts section of `python -m bench` (`python -m bench accounts`): what signing in
and checking an access token cost.

1. Token verification on one core against the old wg1 HMAC check in the same run, and
   its share of an authenticated request to a running service (accounts_tokens.py).
2. Sign-in: argon2id password checks on one and two cores, then `POST /sessions` to the
   running accounts service with several clients at once (accounts_signin.py).

Figures only, never asserted. About 40 s. BENCH_AUTH_SECONDS (default 2) sets how long
each micro-benchmark runs (sign-ins run twice as long), BENCH_AUTH_REQUESTS (default 500)
the requests per service, BENCH_SIGNIN_CLIENTS (default 4) the clients signing in.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import accounts_signin, accounts_tokens


def main() -> None:
    seconds = float(os.environ.get("BENCH_AUTH_SECONDS", "2"))
    log_dir = Path(os.environ.get("BENCH_DIR", "var/bench"))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"bench accounts: token verification and sign-in ({os.cpu_count()} cores, load "
          f"average {load} at the start)")
    clients = int(os.environ.get("BENCH_SIGNIN_CLIENTS", "4"))
    accounts_tokens.run(seconds, log_dir)
    hashing = accounts_signin.hashing(seconds)
    accounts_signin.report_hashing(hashing)
    accounts_signin.report_end_to_end(
        accounts_signin.end_to_end(2 * seconds, clients, log_dir), hashing)


if __name__ == "__main__":
    main()
