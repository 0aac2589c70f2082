"""Visits' own settings, from the service's config or the environment.

VISITS_TASK_LEAD_MINUTES (default 60): how long before its start a fully staffed
door_to_door shift gets its tasks (see tasks.py for why not earlier).
"""

from __future__ import annotations

from datetime import timedelta

from nameko.extensions import DependencyProvider

from services.common import config
from services.visits.use_cases.tasks import TaskPolicy

LEAD = "VISITS_TASK_LEAD_MINUTES"


def task_policy(cfg: dict | None = None) -> TaskPolicy:
    raw = (cfg or {}).get(LEAD) or config._env(LEAD, "60")
    minutes = int(raw)
    if minutes < 0:
        raise ValueError(f"{LEAD} must be 0 or more minutes, not {minutes}")
    return TaskPolicy(lead=timedelta(minutes=minutes))


class Settings(DependencyProvider):
    def setup(self) -> None:
        self.policy = task_policy(self.container.config)

    def get_dependency(self, worker_ctx) -> TaskPolicy:
        return self.policy
