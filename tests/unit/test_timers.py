import logging

from services.common.timers import tick


def test_a_failing_tick_is_logged_not_raised(caplog):
    def broken():
        raise ConnectionError("db away")

    with caplog.at_level(logging.INFO):
        assert tick("sweep", broken) is None
    assert "sweep failed: ConnectionError" in caplog.text


def test_a_tick_logs_what_it_did_only_when_it_did_something(caplog):
    with caplog.at_level(logging.INFO):
        assert tick("sweep", lambda: 0) == 0
        assert tick("sweep", lambda n: (n, 0), 3, describe=lambda r: f"{r[0]} ended") == (3, 0)
    assert caplog.text.count("sweep:") == 1 and "sweep: 3 ended" in caplog.text


def test_the_visits_sweeps_fire_as_the_service_starts():
    # a service restarted more often than a timer's interval would otherwise never sweep
    from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

    from services.visits.entrypoints.service import VisitsService

    for name in ("sweep_tasks", "sweep_overdue"):
        timers = getattr(getattr(VisitsService, name), ENTRYPOINT_EXTENSIONS_ATTR)
        assert [(t.eager, t.interval) for t in timers] == [(True, 60)], name


def _timers(service_cls, name: str) -> list[tuple[bool, float]]:
    from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

    return [(t.eager, t.interval)
            for t in getattr(getattr(service_cls, name), ENTRYPOINT_EXTENSIONS_ATTR)]


def test_the_dispatch_no_show_sweep_fires_as_the_service_starts():
    from services.dispatch.entrypoints.service import DispatchService

    assert _timers(DispatchService, "sweep_no_shows") == [(True, 60)]


def test_the_reporting_freeze_and_coverage_fire_as_the_service_starts():
    from services.reporting.entrypoints.service import ReportingService

    assert _timers(ReportingService, "daily_reports") == [(True, 10)]
    assert _timers(ReportingService, "coverage_updates") == [(True, 1)]
    # not at start: it would mark overdue, for good, requests whose on-time resolution
    # is still in the queues; visits' own overdue sweep fires at start instead
    assert _timers(ReportingService, "overdue_requests") == [(False, 30)]
