"""The template's columns and the header spellings accepted for each, Chinese or English."""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.registry.use_cases.importer.report import ImportFailed

# canonical key -> accepted header spellings (compared after `_normalise`)
COLUMNS: dict[str, tuple[str, ...]] = {
    "grid_code": ("网格编码", "网格代码", "网格", "grid_code", "grid"),
    "building_code": ("楼栋编码", "楼栋代码", "building_code", "building"),
    "building_name": ("楼栋名称", "楼栋", "building_name"),
    "household_code": ("户编码", "户代码", "门牌编码", "household_code", "household"),
    "address": ("地址", "住址", "address"),
    "household_kind": ("户类型", "房屋类型", "household_kind", "kind"),
    "name": ("姓名", "name"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "id_number", "id_card"),
    "phone": ("电话", "联系电话", "手机", "手机号", "phone", "mobile"),
    "gender": ("性别", "gender", "sex"),
    "birth_year": ("出生年份", "birth_year"),
    "tags": ("标签", "人员标签", "tags"),
    "registration_code_applied": ("健康码申领", "已申领健康码", "registration_code_applied"),
    "vaccination": ("疫苗接种", "疫苗接种情况", "vaccination"),
    "latest_test_date": ("最近检测日期", "latest_test_date"),
    "latest_test_result": ("最近检测结果", "latest_test_result"),
}
REQUIRED = ("grid_code", "building_code", "household_code", "name", "id_number")

_SEPARATORS = re.compile(r"[\s_\-]+")


def _normalise(header: str) -> str:
    # "Grid Code", "grid-code", "GRID_CODE" and "网格编码*" (a required-column mark) all match
    return _SEPARATORS.sub("", header.strip().rstrip("*＊").lower())


_ALIASES = {_normalise(alias): key for key, aliases in COLUMNS.items() for alias in aliases}


class HeaderError(ImportFailed):
    """The header row cannot be used: nothing of the file is imported."""


@dataclass(frozen=True)
class Columns:
    """Where each known column sits in a row, and its header as the file spells it."""

    index: dict[str, int]
    labels: dict[str, str]
    width: int
    ignored: tuple[str, ...]

    def at(self, key: str) -> int:
        # a column the file does not have reads the empty cell every row gets at its end
        return self.index.get(key, -1)

    def label(self, key: str) -> str:
        return self.labels.get(key, key)


def map_header(cells: list[str]) -> Columns:
    index: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored = []
    for position, cell in enumerate(cells):
        text = (cell or "").strip()
        key = _ALIASES.get(_normalise(text))
        if key is None:
            if text:
                ignored.append(text)
            continue
        if key in index:
            raise HeaderError(f"columns {labels[key]!r} and {text!r} both mean {key}")
        index[key], labels[key] = position, text
    missing = [key for key in REQUIRED if key not in index]
    if missing:
        wanted = ", ".join(f"{COLUMNS[k][0]}/{k}" for k in missing)
        raise HeaderError(f"missing required column(s): {wanted}")
    return Columns(index, labels, len(cells), tuple(ignored))
