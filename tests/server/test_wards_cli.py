"""Many wards on one server from the command line: wards, groups (one by one or imported from
a CSV or XLSX list, all or nothing), enrollment codes and phones per ward."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from sync_server.cli import app as cli


@pytest.fixture
def run(db_url: str, tmp_path: Path) -> Any:
    runner = CliRunner()
    env = {"DATABASE_URL": db_url, "SYNC_SERVER_DATA_DIR": str(tmp_path / "data")}

    def invoke(*args: str, input: str | None = None) -> Any:
        return runner.invoke(cli, list(args), env=env, input=input)

    return invoke


def _groups(run: Any, ward: str) -> list[tuple[int, str]]:
    listed = run("group", "list", "--ward", ward, "--json")
    assert listed.exit_code == 0, listed.output
    return [(g["number"], g["name"]) for g in json.loads(listed.stdout)]


def test_two_wards_each_get_their_groups_codes_and_staff(run: Any, tmp_path: Path) -> None:
    assert run("ward", "create", "Phường Quỳnh Xuân").exit_code == 0
    assert run("ward", "create", "Phường Hoàng Mai").exit_code == 0
    again = run("ward", "create", "phuong quynh xuan")
    assert again.exit_code == 1 and "đã có" in again.output

    for ward in ("Phường Quỳnh Xuân", "Phường Hoàng Mai"):
        made = run("group", "create", "--ward", ward, "Tổ dân phố 5", "--number", "5")
        assert made.exit_code == 0, made.output
    assert _groups(run, "Phường Hoàng Mai") == [(5, "Tổ dân phố 5")]
    wards = json.loads(run("ward", "list", "--json").stdout)
    assert sorted((w["name"], w["groups"]) for w in wards) == [
        ("Phường Hoàng Mai", 1), ("Phường Quỳnh Xuân", 1)]

    # the same group name in two wards: the ward must be said
    unsure = run("enroll-code", "--group", "Tổ dân phố 5", "--json")
    assert unsure.exit_code == 1 and "--ward" in unsure.output
    code = run("enroll-code", "--group", "5", "--ward", "Phường Hoàng Mai", "--json")
    assert code.exit_code == 0, code.output
    hoang_mai_group = json.loads(run("group", "list", "--ward", "Phường Hoàng Mai",
                                     "--json").stdout)[0]["id"]
    assert json.loads(code.stdout)["group_id"] == hoang_mai_group

    no_ward = run("staff", "create", "lan.nt", input="mat-khau-2026\n")
    assert no_ward.exit_code == 1 and "nhiều phường" in no_ward.output
    staff = run("staff", "create", "lan.nt", "--ward", "Phường Hoàng Mai",
                input="mat-khau-2026\n")
    assert staff.exit_code == 0, staff.output


def test_group_import_from_csv_with_a_header_row(run: Any, tmp_path: Path) -> None:
    assert run("ward", "create", "Phường Hoàng Mai").exit_code == 0
    listing = tmp_path / "to.csv"
    listing.write_text("Số tổ,Tên tổ\n1,Tổ dân phố 1\n2,Tổ dân phố 2\n\n3,Tổ dân phố Đông\n",
                       encoding="utf-8-sig")
    result = run("group", "import", "--ward", "Phường Hoàng Mai", str(listing))
    assert result.exit_code == 0, result.output
    assert "3 tổ" in result.output
    assert _groups(run, "Phường Hoàng Mai") == [
        (1, "Tổ dân phố 1"), (2, "Tổ dân phố 2"), (3, "Tổ dân phố Đông")]


def test_group_import_with_bad_rows_names_each_row_and_imports_nothing(
    run: Any, tmp_path: Path
) -> None:
    assert run("ward", "create", "Phường Hoàng Mai").exit_code == 0
    assert run("group", "create", "--ward", "Phường Hoàng Mai", "Tổ dân phố 9",
               "--number", "9").exit_code == 0
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Số", "Tên"], [1, "Tổ dân phố 1"], ["hai", "Tổ dân phố 2"], [3, None],
                [1, "Tổ dân phố Một"], [9, "Tổ dân phố Chín"], [4, "Tổ dân phố 1"],
                [5, "Tổ dân phố 5"]):
        sheet.append(row)
    listing = tmp_path / "to.xlsx"
    book.save(listing)

    result = run("group", "import", "--ward", "Phường Hoàng Mai", str(listing), "--json")

    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["created"] == []
    assert report["errors"] == [
        "Dòng 3: số tổ «hai» phải là số nguyên dương.",
        "Dòng 4: thiếu tên tổ.",
        "Dòng 5: số tổ 1 trùng với dòng 2.",
        "Dòng 6: phường đã có tổ số 9 (Tổ dân phố 9).",
        "Dòng 7: tên tổ «Tổ dân phố 1» trùng với dòng 2.",
    ]
    assert _groups(run, "Phường Hoàng Mai") == [(9, "Tổ dân phố 9")]  # nothing half-imported

    text = run("group", "import", "--ward", "Phường Hoàng Mai", str(listing))
    assert "Dòng 3" in text.output and "Không nhập tổ nào: 5 dòng cần sửa." in text.output


def test_group_import_refuses_a_file_it_cannot_read(run: Any, tmp_path: Path) -> None:
    assert run("ward", "create", "Phường Hoàng Mai").exit_code == 0
    junk = tmp_path / "to.csv"
    junk.write_bytes(b"\xff\xfe\x00\x81 not text")
    result = run("group", "import", "--ward", "Phường Hoàng Mai", str(junk))
    assert result.exit_code == 1 and "Không đọc được tệp" in result.output


def test_a_province_account_belongs_to_a_province_not_a_ward(run: Any) -> None:
    assert run("province", "create", "Tỉnh Nghệ An").exit_code == 0
    assert run("ward", "create", "Phường Quỳnh Xuân", "--province", "Tỉnh Nghệ An"
               ).exit_code == 0
    no_province = run("staff", "create", "tinh", "--role", "province", input="mat-khau-2026\n")
    assert no_province.exit_code == 1 and "--province" in no_province.output
    with_ward = run("staff", "create", "tinh", "--role", "province", "--province",
                    "Tỉnh Nghệ An", "--ward", "Phường Quỳnh Xuân", input="mat-khau-2026\n")
    assert with_ward.exit_code == 1 and "bỏ --ward" in with_ward.output
    made = run("staff", "create", "tinh", "--role", "province", "--province", "tinh nghe an",
               input="mat-khau-2026\n")
    assert made.exit_code == 0, made.output
    admin = run("staff", "create", "quantri", "--role", "administrator",
                input="mat-khau-2026\n")
    assert admin.exit_code == 0, admin.output
    bad = run("staff", "create", "x", "--role", "boss", input="mat-khau-2026\n")
    assert bad.exit_code == 1 and "province" in bad.output


def test_new_epoch_after_a_restore_changes_the_servers_epoch(run: Any, db_url: str) -> None:
    from sqlalchemy import create_engine, text

    assert run("migrate").exit_code == 0
    engine = create_engine(db_url)
    query = text("SELECT value FROM server_meta WHERE key = 'epoch'")
    with engine.connect() as conn:
        before = conn.execute(query).scalar_one()
    assert run("new-epoch").exit_code == 0
    with engine.connect() as conn:
        assert conn.execute(query).scalar_one() != before
    engine.dispose()
