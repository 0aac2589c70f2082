# Patch before nameko, kombu or psycopg2 are imported (docs/architecture.md, traps).
from services.common import green

green.patch()

from services.common.inbox_retention import check_at_start as check_inbox_retention  # noqa: E402
from services.common.runner import run  # noqa: E402
from services.common.slots import check_attendance_rules_at_start  # noqa: E402
from services.dispatch.entrypoints.service import DispatchService  # noqa: E402
from services.dispatch.settings import check_settings_at_start  # noqa: E402

if __name__ == "__main__":
    check_inbox_retention()
    check_attendance_rules_at_start()
    check_settings_at_start()
    run(DispatchService, default_port=8002)
