"""stvdesk: a keyboard-first terminal desk for jobcentre staff working by the JobFirst / STV method."""

import os

__version__ = "0.1.0"

# Textual paints at most TEXTUAL_FPS frames a second, on a fixed grid of slots: an answer that
# comes just after the key's own echo was painted waits for the next slot, up to 1/60 s at
# Textual's default. 120 halves that wait (bench caseload at 100 000 citizens: keystroke →
# painted median 38–41 ms at 60, 31–35 ms at 120, three runs each). Set before Textual is
# imported, which reads it once; a TEXTUAL_FPS of the user's own is kept.
os.environ.setdefault("TEXTUAL_FPS", "120")
