"""At a household's door, at phone size: the household form shows the ward's notice about
personal data (the version the phone pulled) and the head's one choice, to be named on the
public sheet; what the leader ticks is what the ward's server keeps."""

from __future__ import annotations

from sqlalchemy import select
from test_field_app_round_trip import FIELD_APP_MARKS, enroll_phone

from sync_server.models.tables import household_t
from sync_server.services import privacy_register

pytestmark = FIELD_APP_MARKS  # see test_field_app_round_trip

NOTICE = "Tổ chỉ dùng họ tên, địa chỉ và số điện thoại của chủ hộ để ghi các khoản đóng góp."
AGREES = "Chủ hộ đồng ý nêu tên trên bảng công khai các khoản đóng góp"

_TICKED_JS = """(id) => {
  const node = document.querySelector(`[flt-semantics-identifier="${id}"]`);
  const box = node && (node.matches('[aria-checked]') ? node
                       : node.querySelector('[aria-checked]'));
  return box ? box.getAttribute('aria-checked') : null;
}"""


def _ticked(phone) -> bool:
    state = phone.page.evaluate(_TICKED_JS, "hh-publish-name")
    assert state in ("true", "false"), state
    return bool(state == "true")


def _kept_on_server(ward_server) -> dict[str, bool]:
    with ward_server.session() as s:
        return dict(s.execute(select(household_t.c.head_name, household_t.c.publish_name)).all())


def test_the_household_form_shows_the_notice_and_records_the_heads_choice(ward_server, phone):
    ward = ward_server.seed_ward()
    with ward_server.session() as s:
        privacy_register.set_notice(s, ward.id, NOTICE)
    enroll_phone(phone, ward_server)
    phone.settle()  # the first pull brought the notice

    phone.tab("Thêm")
    phone.tap("more-households")
    phone.press("Thêm hộ")
    phone.says("hh-notice", NOTICE)
    phone.says("hh-publish-name", AGREES)
    assert not _ticked(phone)  # nobody is named unless they agree
    phone.fill("hh-head-name", "Lê Văn Nam")
    phone.fill("hh-address", "Số 12, ngõ 5")
    phone.tap("hh-publish-name")
    phone.page.wait_for_function(f"() => ({_TICKED_JS})('hh-publish-name') === 'true'")
    phone.shot("40_household_notice_and_choice")
    phone.tap("hh-save")
    phone.says("household-row-0", "Lê Văn Nam")

    phone.press("Thêm hộ")
    phone.fill("hh-head-name", "Đỗ Thị Lan")
    phone.tap("hh-save")
    phone.says("household-row-0", "Đỗ Thị Lan")
    phone.settle()
    assert _kept_on_server(ward_server) == {"Lê Văn Nam": True, "Đỗ Thị Lan": False}

    # the head changes their mind: the form shows the choice kept, and the leader unticks it
    phone.tap(phone.row_saying("household-row", "Lê Văn Nam"))
    phone.says("hh-notice", NOTICE)
    assert _ticked(phone)
    phone.tap("hh-publish-name")
    phone.page.wait_for_function(f"() => ({_TICKED_JS})('hh-publish-name') === 'false'")
    phone.tap("hh-save")
    phone.says("household-row-0", "Đỗ Thị Lan")
    phone.settle()
    assert _kept_on_server(ward_server) == {"Lê Văn Nam": False, "Đỗ Thị Lan": False}
