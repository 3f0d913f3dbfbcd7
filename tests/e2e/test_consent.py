"""The ward's doorstep notice reaches phones like a reference list; the citizen's choices
(`petition.consent`) travel with the petition to the server and the console's page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine_faults import enrolled_phone
from sqlalchemy import select

from field_app.wire.formats import utcnow
from sync_server.models.tables import petition_t
from sync_server.services import privacy_register

NOTICE = "Phường dùng tên và số điện thoại của ông bà chỉ để giải quyết kiến nghị."


def test_the_notice_reaches_the_phone_and_the_choices_reach_the_server(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with live_server.session() as s:
        privacy_register.set_notice(s, ward.id, "Bản cũ")
        version = privacy_register.set_notice(s, ward.id, NOTICE)
    assert version == 2
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader:
        assert leader.store.replica.privacy_notice() == ("", 0)
        assert leader.sync_now().ok
        assert leader.store.replica.privacy_notice() == (NOTICE, 2)
        at = utcnow().isoformat()
        chosen = {"notice_version": 2, "publish_name": False, "contact_ok": True, "at": at}
        named = leader.store.petitions.create(
            field="economy", category="lighting", title="Đèn đường hỏng",
            citizen_name="Lê Văn Tám", citizen_phone="0912000111", consent=chosen)
        hidden = leader.store.petitions.create(
            field="economy", category="lighting", title="Rác ở ngõ 5", anonymous=True,
            consent={**chosen, "publish_name": True})
        assert leader.sync_now().ok
        with live_server.session() as s:
            rows = {r.id: r.consent for r in s.execute(select(petition_t.c.id,
                                                              petition_t.c.consent)).all()}
        assert rows[named.id]["contact_ok"] is True and rows[named.id]["notice_version"] == 2
        assert rows[named.id]["publish_name"] is False
        # an anonymous citizen agrees to nothing, whatever the phone sent
        assert (rows[hidden.id]["contact_ok"], rows[hidden.id]["publish_name"]) == (False,
                                                                                   False)
        shown = as_staff.get(f"/api/v1/petitions/{named.id}").json()
        assert shown["consent"]["contact_ok"] is True

        # a new text is a new version; the phone keeps only the newest
        with live_server.session() as s:
            assert privacy_register.set_notice(s, ward.id, NOTICE + " Xin cảm ơn.") == 3
        assert leader.sync_now().ok
        assert leader.store.replica.privacy_notice() == (NOTICE + " Xin cảm ơn.", 3)
        assert len(leader.store.replica.references("privacy_notice")) == 1
