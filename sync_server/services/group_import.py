"""Service layer: importing a ward's residential groups from a CSV or XLSX list (number, name).

Every row is checked before anything is written: a list with one bad row imports nothing,
and each bad row gets its own Vietnamese sentence naming the row (as the spreadsheet
numbers it), so the person who typed the list can fix it in one pass.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from field_app.wire.text import fold
from sync_server.models.tables import group_t
from sync_server.services.wards import create_group

NAME_MAX = 200
HEADER_WORDS = {"so", "so to", "stt", "number", "no", "ten", "ten to", "name"}


@dataclass(frozen=True)
class GroupLine:
    row: int  # as the spreadsheet numbers it (1 = first line of the file)
    number: int
    name: str


@dataclass
class ImportResult:
    created: list[GroupLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """The file's non-empty rows as text cells, with their row numbers (CSV or XLSX)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path.read_bytes())
    return _csv_rows(path.read_bytes())


def _csv_rows(raw: bytes) -> list[tuple[int, list[str]]]:
    text = raw.decode("utf-8-sig")
    delimiter = ";" if text.count(";") > text.count(",") else ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [(i, [c.strip() for c in row]) for i, row in enumerate(rows, start=1)
            if any(c.strip() for c in row)]


def _xlsx_rows(raw: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
    found: list[tuple[int, list[str]]] = []
    for i, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        if any(cells):
            found.append((i, cells))
    return found


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_header(cells: list[str]) -> bool:
    return bool(cells) and not cells[0].isdigit() and fold(cells[0]) in HEADER_WORDS


def check_rows(rows: list[tuple[int, list[str]]], *, taken_numbers: dict[int, str],
               taken_names: set[str]) -> tuple[list[GroupLine], list[str]]:
    """The groups the rows describe and a sentence per bad row (nothing is written here)."""
    if rows and _is_header(rows[0][1]):
        rows = rows[1:]
    lines: list[GroupLine] = []
    errors: list[str] = []
    seen_numbers: dict[int, int] = {}
    seen_names: dict[str, int] = {}
    if not rows:
        return [], ["Tệp không có dòng nào: cần mỗi dòng một tổ (số tổ, tên tổ)."]
    for row, cells in rows:
        number_text = cells[0] if cells else ""
        name = cells[1].strip() if len(cells) > 1 else ""
        problems: list[str] = []
        number = int(number_text) if number_text.isdigit() else None
        if number is None or number <= 0:
            problems.append(f"số tổ «{number_text}» phải là số nguyên dương"
                            if number_text else "thiếu số tổ")
        if not name:
            problems.append("thiếu tên tổ")
        elif len(name) > NAME_MAX:
            problems.append(f"tên tổ dài quá {NAME_MAX} ký tự")
        if number is not None and number > 0:
            if number in taken_numbers:
                problems.append(f"phường đã có tổ số {number} ({taken_numbers[number]})")
            elif number in seen_numbers:
                problems.append(f"số tổ {number} trùng với dòng {seen_numbers[number]}")
        if name:
            key = fold(name)
            if key in taken_names:
                problems.append(f"phường đã có tổ tên «{name}»")
            elif key in seen_names:
                problems.append(f"tên tổ «{name}» trùng với dòng {seen_names[key]}")
        if problems:
            errors.append(f"Dòng {row}: " + "; ".join(problems) + ".")
            continue
        assert number is not None
        seen_numbers[number] = row
        seen_names[fold(name)] = row
        lines.append(GroupLine(row, number, name))
    return lines, errors


def import_groups(session: Session, *, ward_id: str,
                  rows: list[tuple[int, list[str]]]) -> ImportResult:
    """Create every group of `rows` in the ward, or none when a row is bad. The caller
    commits (and rolls back on errors, though nothing was written then)."""
    existing = session.execute(select(group_t.c.number, group_t.c.name)
                               .where(group_t.c.ward_id == ward_id)).all()
    taken_numbers = {r.number: r.name for r in existing if r.number is not None}
    taken_names = {fold(r.name) for r in existing}
    lines, errors = check_rows(rows, taken_numbers=taken_numbers, taken_names=taken_names)
    if errors:
        return ImportResult(errors=errors)
    for line in lines:
        create_group(session, ward_id=ward_id, name=line.name, number=line.number)
    return ImportResult(created=lines)
