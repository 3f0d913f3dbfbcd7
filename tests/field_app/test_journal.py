"""What the server answered stays on the phone a month (store/journal.py): a server restored
from an older backup gets it again, in the same order and under the same ids, and nothing
older than the month is kept."""

from __future__ import annotations

from datetime import timedelta

from field_app.store import LocalStore
from field_app.store.journal import KEEP_DAYS
from field_app.wire.formats import utcnow
from field_app.wire.protocol import MutationResult, MutationStatus


def sent_and_answered(store: LocalStore, titles: list[str]) -> list[str]:
    ids = [store.petitions.create(field="economy", category="other", title=t).id
           for t in titles]
    entries = store.outbox.pending()
    answers = [MutationResult(mutation_id=e.mutation_id, device_seq=e.device_seq,
                              status=MutationStatus.APPLIED) for e in entries]
    store.replica.settle_push(answers, last_seq=entries[-1].device_seq)
    assert store.outbox.counts().waiting == 0
    return ids


def test_a_server_that_lost_the_last_writes_gets_them_again_ahead_of_the_unsent_one(
        store: LocalStore) -> None:
    sent = sent_and_answered(store, ["Một", "Hai", "Ba"])
    with store.db.reading() as conn:
        ids = [r[0] for r in conn.execute("SELECT mutation_id FROM sent_mutations "
                                          "ORDER BY device_seq")]
    unsent = store.petitions.create(field="economy", category="other", title="Bốn").id
    assert store.has_sent_after(1)
    assert store.resend_lost(server_last_seq=1) == 2
    waiting = store.outbox.pending()
    assert [(e.device_seq, e.entity_id) for e in waiting] == [
        (2, sent[1]), (3, sent[2]), (4, unsent)]
    assert [e.mutation_id for e in waiting[:2]] == ids[1:]  # the server's log matches them
    again = store.petitions.get(sent[1])
    assert again is not None and again.sync_state == "pending"
    assert not store.has_sent_after(3)


def test_the_journal_keeps_a_month_and_forgets_on_a_new_enrollment(store: LocalStore) -> None:
    sent_and_answered(store, ["Cũ"])
    with store.db.transaction() as conn:
        conn.execute("UPDATE sent_mutations SET answered_at = ?",
                     ((utcnow() - timedelta(days=KEEP_DAYS + 1)).isoformat(),))
    sent_and_answered(store, ["Mới"])
    with store.db.reading() as conn:
        kept = [r[0] for r in conn.execute("SELECT device_seq FROM sent_mutations")]
    assert kept == [2]
    store.adopt_new_device(group_id="g-1")
    assert not store.has_sent_after(0)
