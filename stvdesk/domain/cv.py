"""What counts as a citizen "with a CV": one definition for every count and list.

A Jobnet CV that is done or visible (finished, or finished and shown to employers). Production
steering counts "hvor mange borgere har et CV" (000, 4.3) and the method works with the Jobnet CV
until it is usable (000, 4.7 SPOR 1: "arbejde med Jobnet-CV og ansøgnings-CV'er"); a CV that is
only started is still work to do. Min dag's "mangler Jobnet-CV", Styring's "Med Jobnet-CV", the
Sagsstamme's filter and the file's to-do list all count by `has_cv` (and its SQL twin,
db/queries/cv.py).
"""

from __future__ import annotations

from stvdesk.domain.enums import CvState

CV_COUNTED = (CvState.DONE, CvState.VISIBLE)


def has_cv(state: CvState | None) -> bool:
    return state in CV_COUNTED
