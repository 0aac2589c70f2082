# Patch before nameko, kombu or psycopg2 are imported (docs/architecture.md, traps).
from services.common import green

green.patch()

from services.accounts.entrypoints.service import AccountsService  # noqa: E402
from services.common.inbox_retention import check_at_start as check_inbox_retention  # noqa: E402
from services.common.runner import run  # noqa: E402

if __name__ == "__main__":
    check_inbox_retention()
    run(AccountsService, default_port=8005)
