"""A citizen "with a CV" in SQL: the one definition of stvdesk.domain.cv, for every count."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import col

from stvdesk.db.models import Citizen, CvStatus
from stvdesk.domain.cv import CV_COUNTED


def has_cv_sql() -> sa.Exists:
    """EXISTS a live CV row of the citizen (correlated with Citizen) whose Jobnet CV counts."""
    return sa.exists().where(
        col(CvStatus.citizen_id) == col(Citizen.id),
        col(CvStatus.jobnet_state).in_(CV_COUNTED),
        col(CvStatus.deleted_at).is_(None),
    )
