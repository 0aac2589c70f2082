"""`wangge dispatch roster import`: one request to dispatch, a summary, an error report
file, exit 1 when rows were rejected; the new people fill understaffed shifts."""

from __future__ import annotations

import csv

from tests.support.dispatch_world import seed_community, seed_unit
from tests.support.http import Client
from tests.support.published import count_at_least

from .support import EVENTS, of_type, order, settle, wangge

ROSTER = """工号,姓名,手机,党员,时段
n1,张三,13800000011,是,全天
n2,李四,12,否,上午
"""


def test_a_roster_file_is_imported_from_the_command_line(dispatch, outside, dispatch_sql,
                                                         tmp_path):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=3)
    api.ok("POST", "/orders", order(days_ahead=2, batches=1, head_count=3), status=201)
    api.ok("PATCH", "/volunteers/U1-v00", {"active": False})
    assert api.ok("GET", "/orders/o1")["missing"] == 1
    roster = tmp_path / "花名册.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    outside.listen(EVENTS)

    dry = wangge(dispatch.base_url, "roster", "import", str(roster), "--unit", "U1",
                 "--dry-run")
    assert dry.exit_code == 1, dry.output
    assert "dry run" in dry.stdout
    assert not dispatch_sql("select 1 from volunteers where id = 'n1'")

    report = tmp_path / "errors.csv"
    done = wangge(dispatch.base_url, "roster", "import", str(roster), "--unit", "U1",
                  "--errors", str(report))
    assert done.exit_code == 1, done.output
    assert f"1 row(s) rejected; error report: {report}" in done.stdout
    with report.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["row", "column", "reason"] and rows[1][:2] == ["3", "手机"]
    assert "12" not in rows[1][2]          # the value itself is not echoed back
    assert dispatch_sql("select id from volunteers where id like 'n%'") == [{"id": "n1"}]
    # the newcomer fills the shift the unit could not staff
    seen = settle(outside, dispatch_sql, outside.wait_for(
        EVENTS, count_at_least(volunteer_registered=1, shift_staffed=1)))
    assert of_type(seen, "volunteer_assigned")[0]["data"]["volunteer_id"] == "n1"
    assert api.ok("GET", "/orders/o1")["missing"] == 0

    clean = tmp_path / "ok.csv"
    clean.write_text(ROSTER.splitlines()[0] + "\n" + ROSTER.splitlines()[1] + "\n",
                     encoding="utf-8")
    again = wangge(dispatch.base_url, "roster", "import", str(clean), "--unit", "U1")
    assert again.exit_code == 0, again.output
    assert not (tmp_path / "ok.csv.errors.csv").exists()

    assert wangge(dispatch.base_url, "roster", "import", str(tmp_path / "absent.csv"),
                  "--unit", "U1").exit_code == 2
    nowhere = wangge("http://127.0.0.1:9", "roster", "import", str(clean), "--unit", "U1")
    assert nowhere.exit_code == 3
    no_unit = wangge(dispatch.base_url, "roster", "import", str(clean))
    assert no_unit.exit_code == 1 and "no unit" in no_unit.stderr
