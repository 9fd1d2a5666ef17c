"""The access log's chain as a pure rule: intact chains pass; any single change,
removal or swap is found."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from stvdesk.domain.audit import (
    GENESIS,
    Anchor,
    ChainedEvent,
    ChainStart,
    chain_problems,
    check_log,
    event_digest,
    hkdf_sha256,
    iso_utc,
    new_chain_key,
    prune_marker,
    search_criterion,
    unwrap_chain_key,
    uuid_text,
    wrap_chain_key,
)

texts = st.text(max_size=30)


@st.composite
def chains(draw) -> list[ChainedEvent]:
    events, previous = [], GENESIS
    for seq in range(1, draw(st.integers(1, 8)) + 1):
        fields = {
            "seq": seq,
            "at": iso_utc(datetime(2026, 11, 24, 8, tzinfo=UTC)),
            "worker_id": str(uuid.UUID(int=draw(st.integers(0, 2**32)))),
            "device": draw(texts),
            "action": draw(st.sampled_from(["view", "search", "export", "change"])),
            "citizen_id": draw(st.sampled_from(["", str(uuid.UUID(int=7))])),
            "criterion": draw(texts),
            "purpose": draw(texts),
            "prev_hash": previous,
        }
        digest = event_digest(**fields)
        events.append(ChainedEvent(**fields, hash=digest))
        previous = digest
    return events


@settings(max_examples=200)
@given(chains())
def test_an_intact_chain_has_no_problems(events) -> None:
    assert chain_problems(events) == []


@settings(max_examples=200)
@given(chains(), st.data())
def test_any_changed_field_is_found(events, data) -> None:
    index = data.draw(st.integers(0, len(events) - 1))
    field = data.draw(st.sampled_from(["device", "action", "citizen_id", "criterion", "purpose", "worker_id", "at"]))
    original = getattr(events[index], field)
    changed = original + "x" if field != "at" else iso_utc(datetime(2026, 11, 25, tzinfo=UTC))
    tampered = [*events[:index], replace(events[index], **{field: changed}), *events[index + 1 :]]
    problems = chain_problems(tampered)
    assert problems and f"Hændelse {events[index].seq} er ændret" in problems[0]


@settings(max_examples=200)
@given(chains(), st.data())
def test_a_removed_event_is_found(events, data) -> None:
    index = data.draw(st.integers(0, len(events) - 1))
    assert chain_problems(events[:index] + events[index + 1 :]) != [] or index == len(events) - 1


def test_a_cpr_search_is_logged_keyed_hashed_and_a_name_search_as_typed() -> None:
    key = b"k" * 32
    logged = search_criterion("010190-1234", key)
    assert "0101901234" not in logged and "010190" not in logged and logged.startswith("CPR-søgning #")
    assert search_criterion("0101901234", key) == logged  # the same number, however typed
    assert search_criterion("010190-1234", b"o" * 32) != logged  # another database's key
    assert search_criterion("  hansen ", key) == "hansen"


def test_the_stored_forms_are_read_alike() -> None:
    u = uuid.uuid4()
    assert uuid_text(u.hex) == uuid_text(u) == str(u) and uuid_text(None) == ""
    assert iso_utc("2026-11-24 08:00:00.000000") == iso_utc(datetime(2026, 11, 24, 8, tzinfo=UTC))


# --- the chain's ends, keys and prunings (check_log) ----------------------------------------------

KEY = b"c" * 32


def _rechain(events: list[ChainedEvent], start: ChainStart | None = None, key: bytes | None = None) -> list:
    """The events chained anew from `start`, as someone with the file and no scruples would."""
    start = start or ChainStart()
    out, previous = [], start.prev_hash
    for seq, e in enumerate(events, start.seq):
        e = replace(e, seq=seq, prev_hash=previous)
        e = replace(e, hash=e.digest(key))
        out.append(e)
        previous = e.hash
    return out


@st.composite
def keyed_or_not(draw) -> tuple[list[ChainedEvent], bytes | None]:
    key = draw(st.sampled_from([None, KEY]))
    return _rechain(draw(chains()), key=key), key


def _anchor(events: list[ChainedEvent], key: bytes | None) -> Anchor:
    return Anchor(events[-1].seq, events[-1].hash).signed(key)


@settings(max_examples=50)
@given(keyed_or_not())
def test_an_anchored_intact_chain_has_no_problems_and_no_notes(drawn) -> None:
    events, key = drawn
    found = check_log(events, key=key, anchor=_anchor(events, key))
    assert found.problems == () and found.notes == () and found.count == len(events)


@settings(max_examples=50)
@given(keyed_or_not(), st.data())
def test_any_removed_tail_is_found_by_the_anchor(drawn, data) -> None:
    """The last 1, the last 10, all: a chain that stops short of its anchor."""
    events, key = drawn
    removed = data.draw(st.integers(1, len(events)))
    kept = events[: len(events) - removed]
    found = check_log(kept, key=key, anchor=_anchor(events, key))
    assert found.problems and f"de sidste {removed} hændelse" in found.problems[-1]
    assert check_log(kept, key=key).problems == ()  # without the anchor the chain alone cannot tell


@settings(max_examples=50)
@given(keyed_or_not(), st.data())
def test_any_removed_middle_event_is_found(drawn, data) -> None:
    events, key = drawn
    if len(events) < 2:
        return
    index = data.draw(st.integers(0, len(events) - 2))
    found = check_log(events[:index] + events[index + 1 :], key=key, anchor=_anchor(events, key))
    assert any("mangler" in p for p in found.problems)


@settings(max_examples=50)
@given(chains(), st.data())
def test_a_rewritten_event_with_the_chain_recomputed_is_found_by_the_anchor(events, data) -> None:
    index = data.draw(st.integers(0, len(events) - 1))
    rewritten = [*events[:index], replace(events[index], purpose=events[index].purpose + "x"), *events[index + 1 :]]
    forged = _rechain(rewritten)
    assert chain_problems(forged) == []  # an unkeyed chain recomputed is a valid chain …
    found = check_log(forged, anchor=_anchor(events, None))  # … that no longer reaches its anchor
    assert f"Hændelse {events[-1].seq} er ikke den, ankeret holder: kæden er skrevet om." in found.problems


@settings(max_examples=50)
@given(chains(), st.data())
def test_a_keyed_event_rewritten_without_the_key_is_found_without_any_anchor(events, data) -> None:
    keyed = _rechain(events, key=KEY)
    index = data.draw(st.integers(0, len(keyed) - 1))
    changed = [*keyed[:index], replace(keyed[index], criterion=keyed[index].criterion + "x"), *keyed[index + 1 :]]
    forger = data.draw(st.sampled_from([None, b"f" * 32]))  # no key, or a guessed one
    forged = keyed[:index] + _rechain(changed[index:], ChainStart(index + 1, keyed[index].prev_hash), forger)
    found = check_log(forged, key=KEY, keyed_from=1)
    if forger is None:  # the unkeyed digest verifies, but not where the database keys every event
        assert found.problems == (
            f"{len(keyed) - index} hændelse{'r' if len(keyed) - index > 1 else ''} fra nr. {index + 1} er ikke "
            "nøglet, skønt databasen nøgler hver hændelse fra nr. 1: de er skrevet uden nøglen, uden om stvdesk.",
        )
    else:
        assert f"Hændelse {index + 1} er ændret efter den blev skrevet." in found.problems


@settings(max_examples=50)
@given(keyed_or_not(), st.data())
def test_a_forged_pruning_is_found_and_a_real_one_is_not(drawn, data) -> None:
    events, key = drawn
    if len(events) < 2:
        return
    through = data.draw(st.integers(1, len(events) - 1))
    start = ChainStart(through + 1, events[through - 1].hash)
    forged = check_log(events[through:], start, key=key, anchor=_anchor(events, key))
    assert any("uden om stvdesk" in p for p in forged.problems)
    mark = replace(events[-1], seq=0, action="change", purpose=prune_marker(start))
    pruned = events[through:] + _rechain([mark], ChainStart(events[-1].seq + 1, events[-1].hash), key)
    assert check_log(pruned, start, key=key, anchor=_anchor(pruned, key)).problems == ()
    older = ChainStart(through, events[through - 2].hash if through > 1 else GENESIS)
    moved = check_log(events[through - 1 :] + pruned[-1:], older, key=key)  # a start the mark does not name
    assert any("den seneste oprydning" in p for p in moved.problems)


@settings(max_examples=50)
@given(keyed_or_not(), st.data())
def test_a_head_ahead_of_its_anchor_is_said_honestly_not_as_tampering(drawn, data) -> None:
    """A desk stopped between its commit and the anchor's write leaves more events than anchored."""
    events, key = drawn
    if len(events) < 2:
        return
    ahead = data.draw(st.integers(1, len(events) - 1))
    found = check_log(events, key=key, anchor=_anchor(events[: len(events) - ahead], key))
    assert found.problems == ()
    assert found.notes and found.notes[0].startswith(f"Kædens ende er {ahead} hændelse")


def test_an_anchor_must_carry_the_keys_mac_in_an_encrypted_database() -> None:
    events = _rechain([ChainedEvent.from_row(0, "2026-11-24 08:00:00", None, "pc", "view", None, "", "", "", "")])
    events = _rechain(events, key=KEY)
    assert check_log(events, key=KEY, anchor=_anchor(events, KEY)).problems == ()
    unkeyed = check_log(events, key=KEY, anchor=_anchor(events, None)).problems
    forged = check_log(events, key=KEY, anchor=_anchor(events, b"f" * 32)).problems
    assert unkeyed == ("Ankeret er ikke nøglet, skønt databasen er krypteret: det er skrevet uden om stvdesk.",)
    assert forged == ("Ankeret er ikke skrevet med databasens nøgle: det er skrevet uden om stvdesk.",)


def test_keyed_events_without_the_key_are_a_problem_on_a_file_and_a_note_on_a_server() -> None:
    events = _rechain(
        [ChainedEvent.from_row(0, "2026-11-24 08:00:00", None, "pc", "view", None, "", "", "", "")] * 3, key=KEY
    )
    assert check_log(events).problems == (
        "3 hændelser fra nr. 1 er nøglet, men databasen har ingen nøgle til dem (kun en krypteret database har "
        "det): de kan ikke kontrolleres.",
    )
    on_server = check_log(events, keyed_elsewhere=True)
    assert on_server.problems == () and on_server.notes[0].startswith("3 hændelser er nøglet")


def test_the_chain_key_is_kept_wrapped_and_opens_only_with_its_passphrase() -> None:
    # RFC 5869, test case 1
    okm = hkdf_sha256(
        bytes.fromhex("0b" * 22), bytes.fromhex("000102030405060708090a0b0c"), bytes.fromhex("f0f1f2f3f4f5f6f7f8f9"), 42
    )
    assert okm.hex() == ("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
    cipher, salt, other = b"a" * 32, b"s" * 16, b"b" * 32
    chain = new_chain_key(cipher, salt)
    kept = wrap_chain_key(chain, cipher, salt)
    assert chain.hex() not in kept and unwrap_chain_key(kept, cipher, salt) == chain
    assert unwrap_chain_key(kept, other, salt) is None and unwrap_chain_key(None, cipher, salt) is None
    rewrapped = wrap_chain_key(chain, other, salt)  # a new passphrase: the same chain key
    assert unwrap_chain_key(rewrapped, other, salt) == chain and rewrapped != kept
