"""stvdesk: a keyboard-first terminal desk for jobcentre staff working by the JobFirst / STV method."""

__version__ = "0.1.0"
