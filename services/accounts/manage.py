"""An operator's tool on the accounts database (its credentials, as `wangge registry import`
uses the registry's), for what no account can do over HTTP yet or should not wait for it:

    python -m services.accounts.manage create-admin --login 13900000001 --name 市管理员 \\
        --area 4401 [--role city_admin] [--password-file FILE]
    python -m services.accounts.manage set-password --login 13900000001 [--password-file FILE]
    python -m services.accounts.manage rotate-key

create-admin makes an active account holding one area-scoped grant (the first city admin
of a deployment; the demo's people) and prints {"person_id", "login", "password"} as JSON
(the password generated unless read from FILE: never on the command line, where other
users' `ps` would see it). rotate-key signs with a new key from now on; a running service
picks it up within a minute, verifiers at their next key fetch, and the old key keeps
verifying until its tokens have expired. The database is migrated first."""

from __future__ import annotations

from services.common.green import quiet_eventlet_notice

quiet_eventlet_notice()  # settings.py imports nameko, which imports eventlet

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402

from services.accounts import clock  # noqa: E402
from services.accounts.adapters.models import MESSAGING, SERVICE  # noqa: E402
from services.accounts.settings import tools  # noqa: E402
from services.accounts.use_cases.bootstrap import (  # noqa: E402
    OPERATOR,
    create_admin,
    set_password,
)
from services.accounts.use_cases.keys import rotate_key  # noqa: E402
from services.common import config  # noqa: E402
from services.common.db import Database  # noqa: E402
from services.common.errors import Conflict, Refused  # noqa: E402
from services.common.migrate import upgrade  # noqa: E402
from services.common.outbox import Outbox  # noqa: E402
from services.common.unit_of_work import UnitOfWork  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.accounts.manage")
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="an active account with one grant")
    admin.add_argument("--login", required=True, help="mobile number or user name")
    admin.add_argument("--name", required=True, help="display name")
    admin.add_argument("--area", required=True, help="the grant's area code")
    admin.add_argument("--role", default="city_admin", help="an area-scoped role")
    admin.add_argument("--password-file", help="read the password from this file")
    reset = commands.add_parser("set-password", help="a new password for an account "
                                "(its sessions end)")
    reset.add_argument("--login", required=True, help="mobile number or user name")
    reset.add_argument("--password-file", help="read the password from this file")
    commands.add_parser("rotate-key", help="sign with a new key from now on")
    args = parser.parse_args(argv)

    url = config.database_url(SERVICE)
    upgrade(SERVICE, url)
    db = Database(url, pool_size=1)
    kit = tools({}, db)
    try:
        with UnitOfWork.begin(db, Outbox(SERVICE, MESSAGING)) as uow:
            if args.command == "rotate-key":
                print(json.dumps({"kid": rotate_key(uow, kit, OPERATOR, "manage",
                                                    clock.now())}))
                return 0
            password = None
            if args.password_file:
                with open(args.password_file, encoding="utf-8") as fh:
                    password = fh.read().strip()
            if args.command == "set-password":
                made = set_password(uow, kit, login=args.login, password=password,
                                    now=clock.now())
            else:
                made = create_admin(uow, kit, login=args.login, display_name=args.name,
                                    area=args.area, role=args.role, password=password,
                                    now=clock.now())
            print(json.dumps(made, ensure_ascii=False))
            return 0
    except (Refused, Conflict) as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()


if __name__ == "__main__":
    sys.exit(main())
