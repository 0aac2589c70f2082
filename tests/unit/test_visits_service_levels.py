"""A deployment's service levels: cells override the code table, mistakes name the cell."""

import pytest

from services.visits import service_levels
from services.visits.domain import requests as domain


def test_empty_configuration_is_the_code_table():
    assert dict(service_levels.parse("")) == dict(domain.DEFAULT_SLA_HOURS)


def test_a_cell_overrides_only_itself():
    table = service_levels.parse("medical:\n  critical: 1\n")
    assert table[("medical", "critical")] == 1
    assert table[("medical", "high")] == domain.DEFAULT_SLA_HOURS[("medical", "high")]


def test_json_is_yaml_too():
    assert service_levels.parse('{"other": {"low": 240}}')[("other", "low")] == 240


@pytest.mark.parametrize("text, names", [
    ("medicine:\n  critical: 1\n", "unknown category 'medicine'"),
    ("medical:\n  urgent: 1\n", "medical.urgent: unknown urgency"),
    ("medical:\n  critical: 0\n", "medical.critical: hours must be a whole number"),
    ("medical:\n  critical: 1.5\n", "medical.critical"),
    ("medical:\n  critical: true\n", "medical.critical"),
    ("- medical\n", "must map a category"),
    ("medical: 3\n", "medical: must map an urgency"),
    ("medical: {critical: [", "not YAML or JSON"),
])
def test_mistakes_name_the_cell(text, names):
    with pytest.raises(service_levels.ServiceLevelsInvalid, match=names):
        service_levels.parse(text)


def test_a_wrong_table_stops_the_service_at_start(monkeypatch):
    monkeypatch.setenv("VISITS_SERVICE_LEVELS", "medical: {critical: -2}")
    service_levels.configured.cache_clear()
    try:
        with pytest.raises(SystemExit, match="VISITS_SERVICE_LEVELS: medical.critical"):
            service_levels.check_at_start()
    finally:
        service_levels.configured.cache_clear()


def test_the_configured_table_sets_a_new_requests_due_time(monkeypatch):
    from datetime import UTC, datetime, timedelta

    from services.visits.use_cases.resident_requests import new_request

    monkeypatch.setenv("VISITS_SERVICE_LEVELS", "medical: {critical: 1}")
    service_levels.configured.cache_clear()
    try:
        raised = datetime(2026, 12, 7, 9, tzinfo=UTC)
        row, _, _ = new_request(grid_code="G1", household_code="H1", category="medical",
                                urgency="critical", note=None, raised_at=raised)
        assert row["due_at"] == raised + timedelta(hours=1)
    finally:
        service_levels.configured.cache_clear()
