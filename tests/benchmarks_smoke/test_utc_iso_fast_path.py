"""A first sync reads every record's times through `utc_iso`; its fast path for times
already in UTC ISO form must give exactly the old answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from field_app.store.tables import _utc_iso_slow, utc_iso

moments = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                       timezones=st.sampled_from([UTC, timezone(timedelta(hours=7))]))


@settings(max_examples=400, deadline=None)
@given(moments, st.sampled_from(["T", " "]), st.sampled_from(["auto", "seconds",
                                                                "milliseconds"]))
def test_times_as_servers_and_phones_write_them_read_as_before(
        moment: datetime, sep: str, spec: str) -> None:
    text = moment.isoformat(sep=sep, timespec=spec)
    assert utc_iso(text) == _utc_iso_slow(text)
    naive = moment.replace(tzinfo=None).isoformat(sep=sep, timespec=spec)
    assert utc_iso(naive) == _utc_iso_slow(naive)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00\Z"))
def test_anything_shaped_like_utc_reads_as_before(text: str) -> None:
    assert utc_iso(text) == _utc_iso_slow(text)


def test_whole_seconds_and_dates_that_do_not_exist() -> None:
    assert utc_iso("2026-12-05T05:01:53.000000+00:00") == "2026-12-05T05:01:53+00:00"
    assert utc_iso("2026-02-30T05:01:53+00:00") == "2026-02-30T05:01:53+00:00"
    assert utc_iso("2026-12-05T12:01:53+07:00") == "2026-12-05T05:01:53+00:00"
    assert utc_iso("") is None
