"""Citizens' personal data on the phone (Law 91/2025/QH15): a household head's choice to be
named travels with the household; a person the ward erases leaves the attendees of the
meetings the phone has not sent yet, and its drafts; a revoked phone forgets the attendees
of the meetings the ward has and keeps the meetings it has not sent."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from phone_pages import meeting_change, page, petition_change

from field_app.store import LocalStore

ERASED, OTHER, NEW = "Phạm Thị Xuân Hòa", "Lê Văn Tám", "Đỗ Minh Khuê"


def _file_bytes(data_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data_dir.rglob("*.sqlite3*")) if p.is_file())


def _outbox_args(store: LocalStore) -> list[dict[str, Any]]:
    return [e.args for e in store.outbox.pending()]


def test_the_heads_choice_to_be_named_is_kept_and_sent_with_the_household(
        store: LocalStore) -> None:
    home = store.households.upsert(head_name=OTHER, address="Số 3 ngõ Đình",
                                   publish_name=True)
    assert home.publish_name is True
    moved = store.households.upsert(household_id=home.id, head_name=OTHER,
                                    address="Số 9 ngõ Đình")
    assert moved.publish_name is True  # not asked again: the choice stays
    private = store.households.upsert(household_id=home.id, head_name=OTHER,
                                      address="Số 9 ngõ Đình", publish_name=False)
    assert private.publish_name is False
    assert [a.get("publish_name") for a in _outbox_args(store)] == [True, None, False]
    silent = store.households.upsert(head_name="Trần Thị Lan")
    assert silent.publish_name is False  # nobody asked: not named


def test_a_name_the_ward_erases_from_a_meeting_leaves_the_unsent_edit_and_the_draft(
        store: LocalStore) -> None:
    meeting = str(uuid.uuid4())
    store.replica.apply_page(page(meeting_change(meeting, 3, attendees=[ERASED, OTHER])))
    store.dialogues.update(meeting, attendees=[ERASED, OTHER, NEW], minutes="Bàn việc đèn")
    store.drafts.save(f"meeting:{meeting}", {"attendees": f"{ERASED}\n{OTHER}\n{NEW}",
                                             "minutes": "Bàn việc đèn"})
    store.drafts.save(f"meeting:{uuid.uuid4()}", {"attendees": f"{ERASED}\n{OTHER}"})
    held = store.dialogues.get(meeting)
    assert held is not None and ERASED in held.attendees

    store.replica.apply_page(page(meeting_change(meeting, 4, attendees=[OTHER])))

    kept = store.dialogues.get(meeting)
    assert kept is not None and kept.attendees == [OTHER, NEW]  # the unsent edit stays
    assert kept.minutes == "Bàn việc đèn"
    [edit] = _outbox_args(store)
    assert edit["attendees"] == [OTHER, NEW]
    draft = store.drafts.get(f"meeting:{meeting}")
    assert draft is not None and draft.data["attendees"] == f"{OTHER}\n{NEW}"
    # another meeting's draft: the ward did not take the name out of that one
    others = [d for d in store.drafts.all() if d.form != f"meeting:{meeting}"]
    assert [d.data["attendees"] for d in others] == [f"{ERASED}\n{OTHER}"]


def test_an_erased_citizen_leaves_every_unsent_meeting_and_the_petitions_edit_draft(
        store: LocalStore, tmp_path: Path) -> None:
    petition, sent_meeting = str(uuid.uuid4()), str(uuid.uuid4())
    store.replica.apply_page(page(
        petition_change(petition, 2, citizen_name=ERASED, citizen_phone="0912345678"),
        meeting_change(sent_meeting, 3, attendees=[OTHER])))
    store.drafts.save(f"petition:{petition}", {"citizen_name": ERASED, "title": "Đèn"})
    # written before the phone heard of the erasure: a new meeting, and an edit adding her
    local = store.dialogues.create_meeting(title="Họp bất thường", attendees=[ERASED, NEW])
    store.dialogues.update(sent_meeting, attendees=[OTHER, "  pham thi xuan hoa "])

    store.replica.apply_page(page(petition_change(
        petition, 5, citizen_name=None, citizen_phone=None,
        erased_at="2026-12-05T08:00:00+00:00")))

    new_one = store.dialogues.get(local.id)
    edited = store.dialogues.get(sent_meeting)
    assert new_one is not None and new_one.attendees == [NEW]
    assert edited is not None and edited.attendees == [OTHER]
    assert [a.get("attendees") for a in _outbox_args(store)] == [[NEW], [OTHER]]
    assert store.drafts.get(f"petition:{petition}") is None
    assert ERASED.encode() not in _file_bytes(tmp_path / "phone")


def test_a_revoked_phone_forgets_the_attendees_the_ward_has_and_keeps_unsent_meetings(
        store: LocalStore, tmp_path: Path) -> None:
    sent, touched = str(uuid.uuid4()), str(uuid.uuid4())
    store.replica.apply_page(page(
        meeting_change(sent, 3, attendees=[ERASED, OTHER], minutes="Dân hỏi về đèn"),
        meeting_change(touched, 4, attendees=[OTHER])))
    store.dialogues.update(touched, minutes="Đã bàn xong")  # unsent, no names in it
    unsent = store.dialogues.create_meeting(title="Họp bất thường", attendees=[NEW])
    store.drafts.save(f"meeting:{sent}", {"attendees": f"{ERASED}\n{OTHER}"})
    store.drafts.save("meeting:new", {"attendees": NEW})

    assert store.forget_sent_personal_data() == 2

    wiped = store.dialogues.get(sent)
    assert wiped is not None and wiped.attendees == [] and wiped.minutes == "Dân hỏi về đèn"
    patched = store.dialogues.get(touched)
    assert patched is not None and (patched.attendees, patched.minutes) == ([], "Đã bàn xong")
    waiting = store.dialogues.get(unsent.id)
    assert waiting is not None and waiting.attendees == [NEW]  # never sent: kept, locked
    assert store.outbox.counts().waiting == 2
    assert store.drafts.get(f"meeting:{sent}") is None
    assert store.drafts.get("meeting:new") is not None  # a new meeting: nothing sent
    on_disk = _file_bytes(tmp_path / "phone")
    for name in (ERASED, OTHER):
        assert name.encode() not in on_disk, name
    assert NEW.encode() in on_disk
