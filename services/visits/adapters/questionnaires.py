"""A campaign's questionnaire, parsed once per process: stored versions never change
(use_cases/campaigns.py refuses the same id and version with other questions)."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session

from services.visits.adapters.models import Questionnaire as QuestionnaireRow
from services.visits.domain.questionnaire import Questionnaire, load_questionnaire


class UsesQuestionnaire(Protocol):
    @property
    def questionnaire_id(self) -> str: ...
    @property
    def questionnaire_version(self) -> int: ...


_QUESTIONNAIRES: dict[tuple[str, int], Questionnaire] = {}


def questionnaire_of(session: Session, campaign: UsesQuestionnaire) -> Questionnaire:
    key = (campaign.questionnaire_id, campaign.questionnaire_version)
    cached = _QUESTIONNAIRES.get(key)
    if cached is None:
        cached = load_questionnaire(session.get(QuestionnaireRow, key).document)
        if len(_QUESTIONNAIRES) < 256:
            _QUESTIONNAIRES[key] = cached
    return cached
