"""What the template accepts in its coded columns, in Chinese or English, and what it means.

Every table maps an accepted spelling to the value stored. Lookups are plain dict hits:
the import validates a million rows, so nothing here runs a regex or a schema per value.
"""

from __future__ import annotations

from services.common import vocab
from services.common.identity import ID_CHECK_CHARS, ID_WEIGHTS


def _table(labels: dict[str, str], codes: tuple[str, ...]) -> dict[str, str]:
    """Chinese labels plus the English codes themselves, in any letter case."""
    table = {code: code for code in codes}
    table.update(labels)
    table.update({k.upper(): v for k, v in list(table.items())})
    return table


KINDS = _table({"住宅": "residence", "自住": "residence", "出租屋": "rental", "出租": "rental",
                "商铺": "shop", "商铺门店": "shop", "门店": "shop", "企业": "enterprise"},
               vocab.HOUSEHOLD_KINDS)

TAGS = _table({"孤寡老人": "elderly_alone", "独居老人": "elderly_alone",
               "残疾": "disabled", "残疾人": "disabled", "困境儿童": "child_in_need",
               "重点人员": "key_person", "来返人员": "returnee", "来/返人员": "returnee",
               "返乡人员": "returnee", "孕产妇": "pregnant", "孕妇": "pregnant",
               "慢性病": "chronic_illness", "慢病": "chronic_illness", "退役军人": "veteran",
               "低保": "low_income", "低保户": "low_income", "低收入": "low_income"},
              vocab.RESIDENT_TAGS)

VACCINATIONS = _table({"未接种": "none", "无": "none", "部分接种": "partial",
                       "未全程": "partial", "全程接种": "full", "已全程": "full",
                       "加强针": "booster", "加强免疫": "booster"}, vocab.VACCINATION)

RESULTS = _table({"阴性": "negative", "阳性": "positive", "待出": "pending",
                  "待定": "pending", "待出结果": "pending"}, vocab.TEST_RESULTS)

# COPY's text format spells booleans t / f
BOOLEANS = _table({"是": "t", "已申领": "t", "否": "f", "未申领": "f", "yes": "t", "no": "f",
                   "y": "t", "n": "f", "true": "t", "false": "f", "1": "t", "0": "f"}, ())

GENDERS = _table({"男": "male", "女": "female", "m": "male", "f": "female"}, vocab.GENDERS)


# The weighted sum done as five dict hits on 4-digit groups: ~6x faster than summing
# 17 products in Python, and this runs once per row.
_GROUPS = tuple({f"{n:0{len(w)}d}": sum(int(d) * x for d, x in zip(f"{n:0{len(w)}d}", w,
                                                                  strict=True))
                 for n in range(10 ** len(w))}
                for w in (ID_WEIGHTS[0:4], ID_WEIGHTS[4:8], ID_WEIGHTS[8:12], ID_WEIGHTS[12:16],
                          ID_WEIGHTS[16:17]))


def id_check_char(first17: str) -> str:
    """The check character of an 18-character ID number, from its first 17 digits: the
    rule of services.common.identity, done faster."""
    g0, g1, g2, g3, g4 = _GROUPS
    return ID_CHECK_CHARS[(g0[first17[0:4]] + g1[first17[4:8]] + g2[first17[8:12]]
                           + g3[first17[12:16]] + g4[first17[16]]) % 11]


def choices(table: dict[str, str]) -> str:
    """The values to quote in an error reason: each code with its first Chinese label."""
    labels: dict[str, str] = {}
    for spelling, code in table.items():
        if not spelling.isascii():
            labels.setdefault(code, spelling)
    return ", ".join(f"{code}/{labels[code]}" if code in labels else code
                     for code in dict.fromkeys(table.values()))
