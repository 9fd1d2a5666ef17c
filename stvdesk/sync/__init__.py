"""Sync between a field laptop's own database and the team's PostgreSQL server (README, "A field laptop that syncs").

- capture: every local change goes to an outbox in the same transaction;
- server: the server takes a laptop's changes field by field and says what conflicted;
- pull: the laptop takes what others changed, through the server's change feed;
- run: one whole sync (push, pull), safe to break off at any point and run again;
- inbox: the conflicts a worker chooses between.
"""
