"""The company view: `CompanyScreen` with one widget per tab, and the consultant's forms
(`company_form`, `contact_form`, `log_form`, `opening_form`, `progress_form`) that the company
register, the visit day and the citizen's file open too."""

from stvdesk.screens.company.forms import company_form, contact_form, log_form, opening_form, progress_form
from stvdesk.screens.company.screen import TABS, CompanyScreen

__all__ = ["TABS", "CompanyScreen", "company_form", "contact_form", "log_form", "opening_form", "progress_form"]
