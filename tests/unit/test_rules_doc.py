"""docs/rules.md is written from the code that applies the rules; it must not lag it."""

from services.common import rules_doc


def test_rules_doc_is_current():
    assert rules_doc.DOC.read_text(encoding="utf-8") == rules_doc.render(), \
        "docs/rules.md is stale: run `make contracts`"


def test_rules_doc_shows_every_rule_people_ask_about():
    text = rules_doc.render()
    for needle in ("| `am` | 08:00 | 12:00 |", "| `medical` | 72 h | 24 h | 6 h | 2 h |",
                   "grid → community", "`people_present`", "| `volunteer_id` (required) |"):
        assert needle in text
