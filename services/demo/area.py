"""The demo area: one district, its streets, communities, grids and a few thousand
households, generated deterministically so that loading it twice adds nothing."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from services.common.vocab import RESIDENT_TAGS, VACCINATION

CITY = ("4401", "city", "广州市", None)
DISTRICT = ("440106", "district", "天河区", "4401")
STREETS = [("440106001", "冼村街道"), ("440106002", "猎德街道")]
COMMUNITIES = [
    ("440106001001", "滨江社区", "440106001"),
    ("440106001002", "圩顶社区", "440106001"),
    ("440106002001", "永盛社区", "440106002"),
    ("440106002002", "猎德社区", "440106002"),
]
GRIDS_PER_COMMUNITY = 3
BUILDINGS_PER_GRID = 8
HOUSEHOLDS_PER_BUILDING = 32

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑"
            "谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程")
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文辉斌宇浩"
KINDS = ["residence"] * 8 + ["rental", "rental", "shop"]
# the first five tags: enough for the demo's figures
TAGS = RESIDENT_TAGS[:5]
# full, booster, partial, none: the order the demo has always drawn from, so the
# generated area (and every figure the demo shows) stays the same
VACCINATION_DRAW = tuple(VACCINATION[i] for i in (2, 3, 1, 0))


def areas() -> list[tuple[str, str, str, str | None]]:
    """(code, level, name, parent_code) from the city down to the grids."""
    out = [CITY, DISTRICT]
    out += [(code, "street", name, DISTRICT[0]) for code, name in STREETS]
    for code, name, street in COMMUNITIES:
        out.append((code, "community", name, street))
        for g in range(1, GRIDS_PER_COMMUNITY + 1):
            out.append((f"{code}G{g:02d}", "grid", f"{name}第{g}网格", code))
    return out


def grid_codes() -> list[str]:
    return [code for code, level, _n, _p in areas() if level == "grid"]


def grid_names() -> list[tuple[str, str]]:
    """(grid code, community name) pairs."""
    names = {code: name for code, name, _street in COMMUNITIES}
    return [(code, names[parent]) for code, level, _n, parent in areas() if level == "grid"]


def _id_number(rng: random.Random, serial: int) -> str:
    body = f"440106{rng.randint(1940, 2020)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" \
           f"{serial % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def write_residents_csv(path: Path, seed: int = 2026) -> int:
    """Write the demo roster in the import template's Chinese headers; returns rows."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    used: set[str] = set()
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["网格编码", "楼栋编码", "楼栋名称", "户编码", "地址", "户类型", "姓名",
                      "身份证号", "电话", "性别", "出生年份", "标签", "疫苗接种"])
        for grid, name in grid_names():
            for b in range(1, BUILDINGS_PER_GRID + 1):
                building = f"{grid}-B{b:02d}"
                for h in range(1, HOUSEHOLDS_PER_BUILDING + 1):
                    household = f"{building}-{(h - 1) // 4 + 1}{(h - 1) % 4 + 1:02d}"
                    kind = rng.choice(KINDS)
                    address = f"天河区{name}{grid[-2:]}网格{b}号楼{household.rsplit('-', 1)[1]}房"
                    for _ in range(0 if kind == "shop" and rng.random() < 0.5
                                   else rng.randint(1, 4)):
                        id_number = _id_number(rng, rows)
                        while id_number in used:
                            id_number = _id_number(rng, rows + rng.randint(1, 999))
                        used.add(id_number)
                        tags = [t for t in TAGS if rng.random() < 0.04]
                        out.writerow([
                            grid, building, f"{b}号楼", household, address, kind,
                            rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2))),
                            id_number, f"13{rng.randint(100000000, 999999999)}",
                            rng.choice(["男", "女"]), id_number[6:10], ",".join(tags),
                            rng.choice(VACCINATION_DRAW),
                        ])
                        rows += 1
    return rows
