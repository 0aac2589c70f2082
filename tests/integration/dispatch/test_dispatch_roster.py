"""Roster import over HTTP: valid rows become volunteers (with events), the others come
back as (row, column, reason); a dry run writes nothing."""

from __future__ import annotations

import io

from tests.support.dispatch_world import seed_community, seed_unit
from tests.support.http import Client
from tests.support.published import count_at_least

from .support import EVENTS, of_type, settle

ROSTER = """工号,单位编号,姓名,手机,党员,可用星期,时段
r1,U1,张三,13800000011,是,周一至周五,上午
r2,U1,李四,13800000012,否,周六,全天
r3,U9,王五,,是,,
r4,U1,赵六,12,是,周八,
"""


def upload(base_url: str, query: str, body: bytes, content_type: str) -> tuple[int, dict]:
    return Client(base_url).call("POST", f"/volunteers/import{query}", raw=body,
                                 content_type=content_type)


def test_a_roster_is_imported_with_a_row_level_report(dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=0)
    outside.listen(EVENTS)
    body = ROSTER.encode("utf-8")
    status, dry = upload(dispatch.base_url, "?dry_run=true", body, "text/csv")
    assert status == 200 and (dry["created"], dry["rows_rejected"]) == (2, 2)
    assert dispatch_sql("select count(*) n from volunteers")[0]["n"] == 0

    status, report = upload(dispatch.base_url, "", body, "text/csv")
    assert status == 200
    assert (report["rows_total"], report["rows_imported"], report["created"]) == (4, 2, 2)
    assert [(e["row"], e["column"]) for e in report["errors"]] == \
        [(4, "单位编号"), (5, "手机"), (5, "可用星期")]
    assert "unknown unit U9" in report["errors"][0]["reason"]
    seen = settle(outside, dispatch_sql, outside.wait_for(
        EVENTS, count_at_least(volunteer_registered=2)))
    assert {m["data"]["cause"] for m in of_type(seen, "volunteer_registered")} == \
        {f"import:{report['import_id']}"}
    r2 = api.ok("GET", "/volunteers/r2")
    assert (r2["weekdays"], r2["halves"], r2["phone_masked"]) == ([5], ["am", "pm"],
                                                                  "138****0012")

    # the same file again: nothing new; a changed row updates
    _, again = upload(dispatch.base_url, "", body, "text/csv")
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    changed = ROSTER.replace("r2,U1,李四,13800000012,否", "r2,U1,李四,13800000012,是")
    _, third = upload(dispatch.base_url, "", changed.encode(), "text/csv")
    assert (third["updated"], third["unchanged"]) == (1, 1)
    assert api.ok("GET", "/volunteers/r2")["party_member"] is True

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["volunteer_id", "name", "weekly_limit"])
    book.active.append(["x1", "钱七", 2])
    buffer = io.BytesIO()
    book.save(buffer)
    status, xlsx = upload(dispatch.base_url, "?unit=U1&format=xlsx", buffer.getvalue(),
                          "application/octet-stream")
    assert status == 200 and xlsx["created"] == 1
    assert api.ok("GET", "/volunteers/x1")["weekly_limit"] == 2

    status, bad = upload(dispatch.base_url, "?unit=U1", b"id,name,shoe\n1,a,b\n", "text/csv")
    assert status == 400 and "unknown column" in bad["error"]
