"""A household's head is told what the ward does with their data and chooses whether to be
named on the public sheet (`publish_name`, the consent the protocol keeps for a
household): the choice travels from the phone to the server and the other phones, and the
public contribution sheet names the head only while it holds, never after an erasure, and
never shows an address or a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from engine_faults import enrolled_phone
from sqlalchemy import select

from field_app.wire.household_code import household_code
from sync_server.models.tables import campaign_t, household_t
from sync_server.services.privacy_erase import erase_holdings
from sync_server.services.privacy_find import find_person

NAMED, PRIVATE = "Lê Văn Nam", "Đỗ Thị Lan"
PERSONAL = ("Số 12 ngõ 5 Lê Lợi", "0912345678", "Số 7 ngõ 9 Trần Phú", "0987654321")


def _sheet(live_server: Any, public_id: str) -> tuple[dict[str, bool], str, str]:
    """The public sheet as anyone reads it: the labels (named or not), the JSON, the page."""
    with httpx.Client(base_url=live_server.url) as client:
        body = client.get(f"/api/v1/public/campaigns/{public_id}")
        page = client.get(f"/cong-khai/{public_id}")
    assert body.status_code == 200 and page.status_code == 200
    labels = {h["label"]: h["named"] for h in body.json()["households"]}
    for text in (body.text, page.text):
        for value in PERSONAL:
            assert value not in text, value
    return labels, body.text, page.text


def test_the_heads_choice_reaches_the_server_and_decides_the_public_sheet(
        live_server: Any, ward: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader, \
            enrolled_phone(live_server, ward.group_a.id, tmp_path / "member") as member:
        store = leader.store
        agreed = store.households.upsert(head_name=NAMED, address=PERSONAL[0],
                                         phone=PERSONAL[1], publish_name=True)
        private = store.households.upsert(head_name=PRIVATE, address=PERSONAL[2],
                                          phone=PERSONAL[3], publish_name=False)
        campaign = store.contributions.create_campaign(
            title="Bê tông hóa đường nội khối TDP 5", target={"money_vnd": 90_000_000})
        for home in (agreed, private):
            store.contributions.record(campaign_id=campaign.id, household_id=home.id,
                                       entry_type="receipt", kind="money_vnd",
                                       quantity=2_000_000)
        assert leader.sync_now().ok and member.sync_now().ok
        with live_server.session() as s:
            chosen = dict(s.execute(select(household_t.c.head_name,
                                           household_t.c.publish_name)).all())
            public_id = s.execute(select(campaign_t.c.public_id).where(
                campaign_t.c.id == campaign.id)).scalar_one()
        assert chosen == {NAMED: True, PRIVATE: False}
        pulled = member.store.households.get(agreed.id)
        assert pulled is not None and pulled.publish_name is True

        labels, body, page = _sheet(live_server, public_id)
        assert labels == {NAMED: True, household_code(private.id): False}
        assert NAMED in page and PRIVATE not in body and PRIVATE not in page

        # a correction that does not ask again keeps the choice; a change of mind ends it
        store.households.upsert(household_id=agreed.id, head_name=NAMED,
                                address="Số 14 ngõ 5 Lê Lợi", phone=PERSONAL[1])
        assert leader.sync_now().ok
        assert _sheet(live_server, public_id)[0][NAMED] is True
        store.households.upsert(household_id=agreed.id, head_name=NAMED,
                                address="Số 14 ngõ 5 Lê Lợi", phone=PERSONAL[1],
                                publish_name=False)
        assert leader.sync_now().ok and member.sync_now().ok
        labels, body, page = _sheet(live_server, public_id)
        assert labels == {household_code(agreed.id): False, household_code(private.id): False}
        assert NAMED not in body and NAMED not in page
        changed = member.store.households.get(agreed.id)
        assert changed is not None and changed.publish_name is False

        # agreed again, then erased at the head's request: the sheet shows the code only
        store.households.upsert(household_id=agreed.id, head_name=NAMED,
                                address="Số 14 ngõ 5 Lê Lợi", publish_name=True)
        assert leader.sync_now().ok
        assert _sheet(live_server, public_id)[0][NAMED] is True
        with live_server.session() as s:
            held = find_person(s, ward_id=ward.id, text="le van nam")
            erase_holdings(s, ward_id=ward.id, actor="Trưởng khối", holdings=held)
        labels, body, page = _sheet(live_server, public_id)
        assert labels == {household_code(agreed.id): False, household_code(private.id): False}
        assert NAMED not in body and NAMED not in page
