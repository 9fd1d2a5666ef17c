"""Redaction for exports that may leave the case: CPR numbers and the given surnames are blanked
out of free text. The rule (every way a number or a name is written, genitives too) is
domain/redact.py's, which the erasure's scrub of the access log shares."""

from __future__ import annotations

from stvdesk.domain.redact import BLANK, blanker

__all__ = ["BLANK", "blanker"]
