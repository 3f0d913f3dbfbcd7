"""Home's badge of new answers: a pulled answer that is new or changed is noted, once;
opening the petition clears it; the first pull after enrolling notes nothing."""

from __future__ import annotations

from phone_pages import page, petition_change

from field_app.store import LocalStore


def test_answers_pulled_after_the_first_sync_are_new_until_opened(store: LocalStore) -> None:
    store.replica.apply_page(page(petition_change("p-old", 1, status="answered",
                                                  answer="Đã xử lý từ trước")))
    assert store.answers.count() == 0  # the first pull: old answers are not news
    store.replica.mark_success("2026-12-05T10:00:00+00:00")

    store.replica.apply_page(page(petition_change("p-1", 1), cursor="c2"))
    assert store.answers.count() == 0  # no answer yet
    store.replica.apply_page(page(
        petition_change("p-1", 2, status="answered", answer="Đã nạo vét cống"),
        petition_change("p-old", 2, status="answered", answer="Đã xử lý từ trước",
                        title="Tiêu đề sửa"), cursor="c3"))
    assert store.answers.ids() == ["p-1"]  # p-old's answer did not change

    store.replica.apply_page(page(
        petition_change("p-1", 3, status="answered", answer="Đã nạo vét cống"),
        cursor="c4"))
    assert store.answers.count() == 1  # the same answer again is not a second one

    store.replica.apply_page(page(
        petition_change("p-old", 3, status="answered", answer="Bổ sung: đã thay nắp cống"),
        cursor="c5"))
    assert sorted(store.answers.ids()) == ["p-1", "p-old"]

    assert store.answers.seen("p-1") is True
    assert store.answers.seen("p-1") is False
    assert store.answers.ids() == ["p-old"]


def test_the_badge_survives_reopening_and_goes_with_signing_out(store: LocalStore) -> None:
    store.replica.mark_success("2026-12-05T10:00:00+00:00")
    store.replica.apply_page(page(petition_change("p-1", 1, answer="Đã sửa")))
    data_dir = store.data_dir
    store.close()
    reopened = LocalStore.open(data_dir)
    try:
        assert reopened.answers.count() == 1
        reopened.wipe_records()
        assert reopened.answers.count() == 0
    finally:
        reopened.close()
