"""Staff roles (officer, ward head) and the ward head's management of the ward's accounts."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from sync_server.cli import app as cli
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import staff_t
from sync_server.services import staff as staff_service
from sync_server.services.staff import (
    create_staff,
    list_staff,
    set_active,
    set_role,
    staff_for_token,
)
from sync_server.services.wards import create_ward

PASSWORD = "mat-khau-thu-123"


def test_accounts_are_officers_unless_made_ward_heads(live_server: Any, ward: Any) -> None:
    with live_server.session() as s:
        create_staff(s, ward_id=ward.id, username="truongkhoi", password=PASSWORD,
                     full_name="Nguyễn Văn Hùng", role="ward_head")
    with live_server.session() as s:
        officer = staff_for_token(s, live_server.staff_token())
        head = staff_for_token(s, live_server.staff_token("truongkhoi", PASSWORD))
    assert (officer.role, officer.is_ward_head) == ("officer", False)
    assert (head.role, head.is_ward_head) == ("ward_head", True)


def test_an_unknown_role_is_refused_in_vietnamese(live_server: Any, ward: Any) -> None:
    with live_server.session() as s, pytest.raises(ApiProblem) as refused:
        create_staff(s, ward_id=ward.id, username="sep", password=PASSWORD, role="admin")
    assert refused.value.code == E.VALIDATION
    assert "Vai trò" in str(refused.value.body()["detail"])
    with live_server.session() as s:
        assert s.execute(select(staff_t.c.id).where(staff_t.c.username == "sep")).first() is None


def test_the_ward_head_lists_switches_off_and_promotes_the_wards_staff(
        live_server: Any, ward: Any) -> None:
    with live_server.session() as s:
        head_id = create_staff(s, ward_id=ward.id, username="truongkhoi", password=PASSWORD,
                               role="ward_head")
        other_ward = create_ward(s, name="Phường Khác")
        create_staff(s, ward_id=other_ward, username="canbo-khac", password=PASSWORD)
    token = live_server.staff_token()
    with live_server.session() as s:
        accounts = list_staff(s, ward.id)
    assert [(a["username"], a["role"], a["active"]) for a in accounts] == [
        ("canbo", "officer", True), ("truongkhoi", "ward_head", True)]
    assert "password_hash" not in accounts[0]
    officer_id = accounts[0]["id"]

    with live_server.session() as s:
        set_active(s, ward.id, officer_id, False)
    # the open session stops working at once, and the password no longer logs in
    shut = httpx.get(live_server.url + "/api/v1/petitions",
                     headers={"Authorization": f"Bearer {token}"})
    assert shut.status_code == 401
    login = httpx.post(live_server.url + "/api/v1/auth/token",
                       data={"username": "canbo", "password": ward.staff_password})
    assert login.status_code == 401

    with live_server.session() as s:
        set_active(s, ward.id, officer_id, True)
        set_role(s, ward.id, officer_id, "ward_head")
    with live_server.session() as s:
        back = staff_for_token(s, live_server.staff_token())
    assert back.is_ward_head
    with live_server.session() as s:
        set_role(s, ward.id, head_id, "officer")  # another ward head is left
    with live_server.session() as s:
        assert [(a["username"], a["role"]) for a in list_staff(s, ward.id)] == [
            ("canbo", "ward_head"), ("truongkhoi", "officer")]


def test_another_wards_account_is_not_found_and_unchanged(live_server: Any, ward: Any) -> None:
    with live_server.session() as s:
        other_ward = create_ward(s, name="Phường Khác")
        stranger = create_staff(s, ward_id=other_ward, username="canbo-khac", password=PASSWORD)
    for change in (lambda s: set_active(s, ward.id, stranger, False),
                   lambda s: set_role(s, ward.id, stranger, "ward_head"),
                   lambda s: set_active(s, ward.id, "khong-co", False)):
        with live_server.session() as s, pytest.raises(ApiProblem) as refused:
            change(s)
        assert refused.value.code == E.RECORD_NOT_FOUND
    with live_server.session() as s:
        assert [a["username"] for a in list_staff(s, ward.id)] == ["canbo"]
        row = s.execute(select(staff_t).where(staff_t.c.id == stranger)).one()
    assert (row.active, row.role) == (True, "officer")
    live_server.staff_token("canbo-khac", PASSWORD)


def test_the_last_ward_head_cannot_be_switched_off_or_demoted(live_server: Any,
                                                              ward: Any) -> None:
    with live_server.session() as s:
        head = create_staff(s, ward_id=ward.id, username="truongkhoi", password=PASSWORD,
                            role="ward_head")
    for change in (lambda s: set_active(s, ward.id, head, False),
                   lambda s: set_role(s, ward.id, head, "officer")):
        with live_server.session() as s, pytest.raises(ApiProblem) as refused:
            change(s)
        assert refused.value.code == E.VALIDATION
    with live_server.session() as s, pytest.raises(ApiProblem):
        set_role(s, ward.id, head, "chu-tich")


def test_revoke_tokens_leaves_other_staff_signed_in(live_server: Any, ward: Any) -> None:
    with live_server.session() as s:
        create_staff(s, ward_id=ward.id, username="canbo2", password=PASSWORD)
    mine = live_server.staff_token()
    theirs = live_server.staff_token("canbo2", PASSWORD)
    with live_server.session() as s:
        me = staff_for_token(s, mine)
        assert staff_service.revoke_tokens(s, me.id) == 1
    for token, code in ((mine, 401), (theirs, 200)):
        response = httpx.get(live_server.url + "/api/v1/households",
                             headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == code


def test_the_cli_creates_a_ward_head_and_refuses_an_unknown_role(
        db_url: str, tmp_path: Any) -> None:
    runner = CliRunner()
    env = {"DATABASE_URL": db_url, "SYNC_SERVER_DATA_DIR": str(tmp_path / "data")}
    assert runner.invoke(cli, ["ward", "create", "Phường Một"], env=env).exit_code == 0
    made = runner.invoke(cli, ["staff", "create", "truongkhoi", "--role", "ward_head",
                               "--full-name", "Nguyễn Văn Hùng"], env=env, input=PASSWORD + "\n")
    plain = runner.invoke(cli, ["staff", "create", "canbo"], env=env, input=PASSWORD + "\n")
    wrong = runner.invoke(cli, ["staff", "create", "sep", "--role", "admin"], env=env,
                          input=PASSWORD + "\n")
    assert made.exit_code == 0, made.output
    assert "ward_head" in made.output
    assert plain.exit_code == 0, plain.output
    assert wrong.exit_code == 1 and "Vai trò" in wrong.output

    from sync_server.storage import make_engine

    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(select(staff_t.c.username, staff_t.c.role, staff_t.c.full_name)
                            .order_by(staff_t.c.username)).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("canbo", "officer", ""),
                                        ("truongkhoi", "ward_head", "Nguyễn Văn Hùng")]
