"""What every Pilot test needs: the terminal size, a wait until workers and messages settle, and
a burst of keys typed at once."""

SIZE = (120, 40)


async def settle(pilot) -> None:
    """Let thread workers finish and the messages they posted be handled (no sleeps)."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_at_once(pilot, text: str) -> None:
    """`text` as a fast typist's terminal delivers it: every key queued at once, then handled in
    order (Pilot's `press` waits for the screen after each key)."""
    from textual.events import Key

    app = pilot.app
    for character in text:
        key = Key("space" if character == " " else character, character)
        key.set_sender(app)
        app.post_message(key)
    await pilot.pause()
