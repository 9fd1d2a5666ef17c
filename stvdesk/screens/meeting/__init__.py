"""A meeting run from a dialogue guide (`MeetingScreen`) and the form that starts one
(`open_start_form`), which the citizen's file, Min dag and the agenda open."""

from stvdesk.screens.meeting.screen import SAVE_PAUSE, MeetingScreen
from stvdesk.screens.meeting.start import open_start_form

__all__ = ["SAVE_PAUSE", "MeetingScreen", "open_start_form"]
