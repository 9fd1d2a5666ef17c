"""What every Pilot test needs: the terminal size and a wait until workers and messages settle."""

SIZE = (120, 40)


async def settle(pilot) -> None:
    """Let thread workers finish and the messages they posted be handled (no sleeps)."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
