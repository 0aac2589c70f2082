"""Questionnaires over HTTP: one stored version's definition, which the field app renders
and checks answers by before a visit is sent (the same document the service validates
visits by: not a second copy of the rules). It holds no personal data, so any signed-in
person reads it."""

from __future__ import annotations

from services.common.backbone import Backbone
from services.common.web import query_args
from services.visits.entrypoints import schemas
from services.visits.use_cases import reads


def get(backbone: Backbone, request, questionnaire_id: str, version: int) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        return reads.questionnaire_definition(session, questionnaire_id, version)
