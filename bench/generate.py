"""A synthetic resident file in the import template, written once per size and reused.

~1,000 residents per grid (docs/architecture.md) in 10 buildings of 34 households, 3
residents a household.
Plain Python string building: one million rows take a few seconds.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from services.registry.use_cases.importer.vocab import id_check_char

HEADER = ("网格编码,楼栋编码,楼栋名称,户编码,地址,户类型,姓名,身份证号,电话,性别,出生年份,"
          "标签,健康码申领,疫苗接种,最近检测日期,最近检测结果\n")
PER_GRID, PER_BUILDING, PER_HOUSEHOLD = 1000, 100, 3
REGIONS = [f"{440100 + i:06d}" for i in range(1, 51)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
KINDS = ("住宅",) * 8 + ("出租屋", "商铺")
TAGS = ("",) * 17 + ("孤寡老人", "残疾", "困境儿童、重点人员")
VACC = ("全程接种", "加强针", "部分接种", "未接种")
VERSION = 2  # bump when the layout changes: cached files are named with it


def grid_code(g: int) -> str:
    return f"G{g:05d}"


def grid_count(rows: int) -> int:
    return max(1, -(-rows // PER_GRID))


def id_number(i: int) -> str:
    """Unique for i < 50 * 36,500: region, a birth date, sequence 000, check character."""
    born = date(1925, 1, 1) + timedelta(days=(i // len(REGIONS)) % 36500)
    first17 = f"{REGIONS[i % len(REGIONS)]}{born:%Y%m%d}{i // (len(REGIONS) * 36500):03d}"
    return first17 + id_check_char(first17)


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        out = []
        for i in range(rows):
            g, within = divmod(i, PER_GRID)
            b, h = divmod(within, PER_BUILDING)
            h //= PER_HOUSEHOLD
            grid = grid_code(g + 1)
            building = f"{grid}-B{b + 1:02d}"
            household = f"{building}-H{h + 1:02d}"
            name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN)
            test = rnd.random() < 0.5
            out.append(
                f"{grid},{building},{b + 1}号楼,{household},"
                f"幸福路{g + 1}号{b + 1}栋{h + 1}室,{KINDS[h % 10]},{name},{id_number(i)},"
                f"1{rnd.randrange(3000000000, 9999999999)},,,{rnd.choice(TAGS)},"
                f"{'是' if rnd.random() < 0.9 else '否'},{rnd.choice(VACC)},"
                f"{f'2022-05-{rnd.randint(1, 28):02d}' if test else ''},"
                f"{'阴性' if test else ''}\n")
            if len(out) >= 50_000:
                fh.writelines(out)
                out.clear()
        fh.writelines(out)
    tmp.replace(path)


def ensure_csv(directory: Path, rows: int) -> Path:
    path = directory / f"residents-{rows}-v{VERSION}.csv"
    if not path.exists():
        write_csv(path, rows)
    return path
