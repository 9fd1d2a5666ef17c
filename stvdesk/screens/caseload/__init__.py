"""The caseload ("Sagsstamme"): the list and its search (`screen`), the filter bar and its keys
(`filters`), the forms (`forms`), the export (`export`) and the table's words (`columns`)."""

from stvdesk.screens.caseload.screen import PAGE_SIZE, CaseloadScreen

__all__ = ["PAGE_SIZE", "CaseloadScreen"]
