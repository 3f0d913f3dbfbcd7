"""A group leader logs petitions on the phone, finds them again and sees what needs doing."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from phone_pages import page, petition_change
from pydantic import ValidationError

from field_app.store import InvalidTransition, LocalStore
from field_app.store import tables as store_tables
from field_app.wire.protocol import MutationResult, MutationStatus
from field_app.wire.records import newest_first


def log_petition(store: LocalStore, title: str, **kw: object) -> str:
    fields: dict[str, object] = {"field": "economy", "category": "lighting", "title": title}
    fields.update(kw)
    return store.petitions.create(**fields).id  # type: ignore[arg-type]


def test_a_new_petition_waits_to_send_with_its_outbox_entry(store: LocalStore) -> None:
    row = store.petitions.create(field="economy", category="lighting",
                                 title="Đèn đường ngõ 12 hỏng", citizen_name="Trần Thị Lan")
    assert row.sync_state == "pending"
    assert row.status == "received"
    assert row.group_id == "group-5"
    [entry] = store.outbox.pending()
    assert (entry.device_seq, entry.name, entry.entity_id) == (1, "petition.create", row.id)
    assert entry.args["citizen_name"] == "Trần Thị Lan"


def test_device_seq_counts_without_gaps_across_record_kinds(store: LocalStore) -> None:
    pid = log_petition(store, "Rác thải tồn đọng")
    store.petitions.add_note(pid, "Đã gọi điện cho công ty môi trường")
    store.households.upsert(head_name="Lê Văn Tám", address="Số 4 ngõ 7")
    store.petitions.update(pid, category="environment")
    assert [e.device_seq for e in store.outbox.pending()] == [1, 2, 3, 4]
    assert store.outbox.next_device_seq() == 5


def test_a_failed_local_write_leaves_neither_record_nor_outbox_entry(
        store: LocalStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_disk(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store_tables, "write_local", broken_disk)
    with pytest.raises(OSError):
        log_petition(store, "Cống bị tắc")
    monkeypatch.undo()
    assert store.petitions.list() == []
    assert store.outbox.pending() == []
    # the counter did not move either: the next write is still seq 1
    log_petition(store, "Cống bị tắc")
    assert [e.device_seq for e in store.outbox.pending()] == [1]


def test_invalid_petitions_are_refused_before_anything_is_stored(store: LocalStore) -> None:
    with pytest.raises(ValidationError):
        store.petitions.create(field="economy", category="lighting", title="", description="")
    with pytest.raises(ValidationError):
        store.petitions.create(field="weather", category="lighting", title="Mưa")
    assert store.outbox.counts().waiting == 0


def test_search_ignores_diacritics_and_case(store: LocalStore) -> None:
    road = log_petition(store, "Đường ngõ 7 xuống cấp", category="infrastructure")
    power = log_petition(store, "Mất điện kéo dài", description="Cả khu mất điện từ tối qua")
    log_petition(store, "Chó thả rông", category="security_order")
    assert [p.id for p in store.petitions.list(query="duong")] == [road]
    assert [p.id for p in store.petitions.list(query="DIEN")] == [power]
    assert [p.id for p in store.petitions.list(query="mất ĐIỆN")] == [power]
    assert store.petitions.list(query="100%") == []


def test_lists_filter_by_status_field_and_category(store: LocalStore) -> None:
    a = log_petition(store, "Đèn hỏng", category="lighting")
    b = log_petition(store, "Lấn chiếm vỉa hè", category="security_order",
                     field="defense_security")
    store.petitions.withdraw(a, note="Công dân tự sửa được")
    assert [p.id for p in store.petitions.list(status="withdrawn")] == [a]
    assert [p.id for p in store.petitions.list(field="defense_security")] == [b]
    assert [p.id for p in store.petitions.list(category="security_order",
                                               status=["received", "accepted"])] == [b]


def test_overdue_and_answered_lists_come_from_the_wards_data(store: LocalStore) -> None:
    late, answered, fine = (str(uuid.uuid4()) for _ in range(3))
    store.replica.apply_page(page(
        petition_change(late, 3, status="accepted", due_date="2026-11-01"),
        petition_change(answered, 4, status="answered", answer="Đã sửa đèn"),
        petition_change(fine, 5, status="in_progress", due_date="2026-12-30"),
    ))
    today = date(2026, 11, 21)
    assert [p.id for p in store.petitions.list_overdue(today=today)] == [late]
    assert [p.id for p in store.petitions.list_awaiting_report_back()] == [answered]
    counts = store.petitions.counts(today=today)
    assert (counts.total, counts.open, counts.overdue, counts.awaiting_report_back) == (3, 2, 1, 1)
    assert counts.waiting_to_send == 0


def test_reporting_back_only_once_answered(store: LocalStore) -> None:
    pid = str(uuid.uuid4())
    store.replica.apply_page(page(petition_change(pid, 2, status="in_progress")))
    with pytest.raises(InvalidTransition):
        store.petitions.report_back(pid, citizen_satisfied=True)
    store.replica.apply_page(page(petition_change(pid, 3, status="answered", answer="Xong")))
    row = store.petitions.report_back(pid, citizen_satisfied=True, note="Bà Lan đồng ý")
    assert (row.status, row.citizen_satisfied, row.sync_state) == ("reported_back", True,
                                                                   "pending")
    assert row.timeline[-1].kind == "reported_back"


def test_possible_duplicates_are_open_petitions_of_the_same_category(store: LocalStore) -> None:
    same = log_petition(store, "Đèn đường ngõ 12 bị hỏng", description="tối om cả tuần")
    log_petition(store, "Đèn đường ngõ 12 bị hỏng", category="infrastructure")
    closed = log_petition(store, "Đèn đường ngõ 12 hỏng lần trước")
    store.petitions.withdraw(closed)
    log_petition(store, "Xin lắp thêm ghế đá ở công viên")
    hits = store.petitions.possible_duplicates(category="lighting",
                                               title="den duong ngo 12 hong")
    assert [h.petition.id for h in hits] == [same]
    assert 0 < hits[0].similarity <= 1


def test_pending_edits_stay_on_top_of_pulled_rows(store: LocalStore) -> None:
    pid = str(uuid.uuid4())
    store.replica.apply_page(page(petition_change(pid, 7, title="Nước thải tràn")))
    store.petitions.update(pid, title="Nước thải tràn ra ngõ 9")
    # the ward accepts it meanwhile; the pull must not undo the user's unsent edit
    store.replica.apply_page(page(petition_change(pid, 8, title="Nước thải tràn",
                                                  status="accepted"), cursor="c2"))
    row = store.petitions.get(pid)
    assert row is not None
    assert (row.title, row.status, row.version, row.sync_state) == (
        "Nước thải tràn ra ngõ 9", "accepted", 8, "pending")
    [entry] = store.outbox.pending()
    assert entry.base_version == 7


def test_ten_thousand_petitions_are_searchable(store: LocalStore) -> None:
    changes = [petition_change(str(uuid.uuid4()), i + 1,
                               title=f"Kiến nghị số {i} về {'đường' if i % 100 == 0 else 'rác'}")
               for i in range(10_000)]
    for start in range(0, len(changes), 1000):
        store.replica.apply_page(page(*changes[start:start + 1000], cursor=str(start)))
    assert store.petitions.counts().total == 10_000
    hits = store.petitions.list(query="ve duong", limit=None)
    assert len(hits) == 100
    assert all("đường" in p.title for p in hits)


def test_edits_of_an_unsent_edit_travel_as_one_mutation(store: LocalStore) -> None:
    pid = str(uuid.uuid4())
    store.replica.apply_page(page(petition_change(pid, 4)))
    store.petitions.update(pid, title="Đường ngõ 7 ngập")
    store.petitions.update(pid, title="Đường ngõ 7 ngập sâu", location_text="Ngõ 7")
    [entry] = store.outbox.pending()
    assert (entry.base_version, entry.args["title"], entry.args["location_text"]) == (
        4, "Đường ngõ 7 ngập sâu", "Ngõ 7")
    assert len(store.outbox.take_batch(10)) == 1  # on its way to the server: frozen from now on
    store.petitions.update(pid, title="Đường ngõ 7 ngập sâu 40 cm")
    assert [e.args["title"] for e in store.outbox.pending()] == [
        "Đường ngõ 7 ngập sâu", "Đường ngõ 7 ngập sâu 40 cm"]
    row = store.petitions.get(pid)
    assert row is not None and row.title == "Đường ngõ 7 ngập sâu 40 cm"


def test_home_counts_an_unsent_petition_once(store: LocalStore) -> None:
    """Waiting to send is not also waiting for the ward: each petition counts once."""
    unsent = log_petition(store, "Đèn hỏng ngõ 3")
    counts = store.petitions.counts()
    assert (counts.waiting_to_send, counts.open) == (1, 0)
    assert store.petitions.list(status=["received"], at_ward=True) == []
    assert [p.id for p in store.petitions.list(at_ward=False)] == [unsent]

    # the ward confirms the push (no copy pulled yet): now it waits for the ward only
    [entry] = store.outbox.pending()
    store.replica.settle_push([MutationResult(
        mutation_id=entry.mutation_id, device_seq=entry.device_seq,
        status=MutationStatus.APPLIED)], entry.device_seq)
    counts = store.petitions.counts()
    assert (counts.waiting_to_send, counts.open) == (0, 1)
    assert [p.id for p in store.petitions.list(at_ward=True)] == [unsent]

    # one the ward already has, with an edit waiting: at the ward and an edit to send
    known = str(uuid.uuid4())
    store.replica.apply_page(page(petition_change(known, 2, title="Rác ở ngõ 9")))
    store.petitions.update(known, title="Rác ở đầu ngõ 9")
    counts = store.petitions.counts()
    assert (counts.waiting_to_send, counts.open, counts.total) == (1, 2, 2)


def test_steps_stamped_in_one_instant_show_the_last_one_first(store: LocalStore) -> None:
    """A petition and the note written on it before it went out reach the ward in one push,
    stamped with one instant; after the ward accepts it, the petition's screen shows newest
    first: accepted, then the note above the creation, as a model's screen does."""
    pid = str(uuid.uuid4())
    pushed = "2026-11-19T10:00:00+07:00"
    store.replica.apply_page(page(petition_change(pid, 3, status="accepted", timeline=[
        {"at": pushed, "actor": "Tổ trưởng", "kind": "created"},
        {"at": pushed, "actor": "Tổ trưởng", "kind": "note", "text": "Đã hẹn gặp hộ dân"},
        {"at": "2026-11-20T08:00:00+07:00", "actor": "Cán bộ phường", "kind": "accepted"},
    ])))
    row = store.petitions.get(pid)
    assert row is not None
    assert [e.kind for e in newest_first(row.timeline)] == ["accepted", "note", "created"]
