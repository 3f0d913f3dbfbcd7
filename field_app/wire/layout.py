"""Wire layer: the office layouts of documents, as plain lines both sides draw.

Three layouts (glossary.md, "Reports and administrative layout"):
- the state layout of People's Committee documents (Decree 30/2020/NĐ-CP): issuing
  body top left with its number, Quốc hiệu and tiêu ngữ top right, the place-and-date
  line, title, body, "Nơi nhận" and the signature block "TM. ..." / title / hint;
- the party layout of the party committee and the mass-mobilization bloc (Hướng dẫn
  36-HD/VPTW): the party body top left, "ĐẢNG CỘNG SẢN VIỆT NAM" top right, the same
  place-and-date line, signature "T/M ...";
- a residential group's sheet: its own heading line, the place-and-date line and three
  signature lines (group leader, head of the Front work committee, who prepared it).

Only words and their places live here; `sync_server.reports.layout` draws them in PDF,
DOCX and XLSX, and the phone's `field_app.export` draws the group's sheet in PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Final

WORDS: Final[dict[str, dict[str, str]]] = {
    "vi": {
        "nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "party": "ĐẢNG CỘNG SẢN VIỆT NAM",
        "committee": "ỦY BAN NHÂN DÂN",
        "party_committee": "ĐẢNG ỦY",
        "bloc": "KHỐI DÂN VẬN",
        "number": "Số: {number}",
        "place_date": "{place}, ngày {day} tháng {month} năm {year}",
        "recipients": "Nơi nhận:",
        "archive": "- Lưu: VT.",
        "sign_hint": "(Ký, ghi rõ họ tên)",
        "for_committee": "TM. ỦY BAN NHÂN DÂN",
        "chair": "CHỦ TỊCH",
        "for_bloc": "T/M KHỐI DÂN VẬN",
        "bloc_head": "TRƯỞNG KHỐI",
        "group": "TỔ DÂN PHỐ SỐ {number}",
        "leader": "TỔ TRƯỞNG",
        "front_head": "TRƯỞNG BAN CÔNG TÁC MẶT TRẬN",
        "preparer": "NGƯỜI LẬP BẢNG",
        "ward": "PHƯỜNG",
    },
    "en": {
        "nation": "SOCIALIST REPUBLIC OF VIET NAM",
        "motto": "Independence - Freedom - Happiness",
        "party": "COMMUNIST PARTY OF VIET NAM",
        "committee": "PEOPLE'S COMMITTEE OF",
        "party_committee": "PARTY COMMITTEE OF",
        "bloc": "MASS MOBILIZATION BLOC",
        "number": "No.: {number}",
        "place_date": "{place}, {day}/{month}/{year}",
        "recipients": "Recipients:",
        "archive": "- Filed: office records.",
        "sign_hint": "(Signature and full name)",
        "for_committee": "ON BEHALF OF THE PEOPLE'S COMMITTEE",
        "chair": "CHAIR",
        "for_bloc": "ON BEHALF OF THE MASS MOBILIZATION BLOC",
        "bloc_head": "HEAD OF THE BLOC",
        "group": "RESIDENTIAL GROUP NO. {number}",
        "leader": "GROUP LEADER",
        "front_head": "HEAD OF THE FRONT WORK COMMITTEE",
        "preparer": "PREPARED BY",
        "ward": "WARD",
    },
}

_WARD_PREFIX = re.compile(r"^\s*phường\s+", re.IGNORECASE)
_GROUP_NUMBER = re.compile(r"(?:tổ(?:\s+dân\s+phố)?|tdp)\s*(?:số\s*)?(\w+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Signature:
    """One signature block: who signs for whom, the title, the hint, room, the name."""

    caption: str
    title: str
    hint: str
    name: str = ""


@dataclass(frozen=True)
class Layout:
    """The lines of a document around its body, in the places offices expect them."""

    left: tuple[str, ...]  # the issuing body (the last line bold), then its number
    right: tuple[str, ...]  # Quốc hiệu and tiêu ngữ, or the party's name
    place_date: str
    title: str
    recipients: tuple[str, ...] = ()
    signatures: tuple[Signature, ...] = ()
    number: str = ""
    subtitle: tuple[str, ...] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        """Every line of the layout in reading order (what a test or XLSX title shows)."""
        out = [*self.left, *self.right]
        if self.number:
            out.append(self.number)
        out += [self.place_date, self.title, *self.subtitle]
        return out


def _words(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["vi"])


def place_name(ward_name: str) -> str:
    """"Phường Quỳnh Xuân" -> "Quỳnh Xuân" (the place of the place-and-date line)."""
    return _WARD_PREFIX.sub("", ward_name).strip() or ward_name


def ward_upper(ward_name: str, language: str = "vi") -> str:
    """"Phường Quỳnh Xuân" -> "PHƯỜNG QUỲNH XUÂN"."""
    return f"{_words(language)['ward']} {place_name(ward_name).upper()}"


def place_date_line(ward_name: str, on: date, language: str = "vi") -> str:
    """"Quỳnh Xuân, ngày 05 tháng 12 năm 2026": days under 10 and months under 3 with a
    leading zero (Decree 30/2020, Appendix I)."""
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    if language == "en":
        month = f"{on.month:02d}"
    return _words(language)["place_date"].format(
        place=place_name(ward_name), day=f"{on.day:02d}", month=month, year=on.year)


def group_heading(group_name: str, ward_name: str, language: str = "vi") -> str:
    """"Tổ dân phố 5", "Phường Quỳnh Xuân" -> "TỔ DÂN PHỐ SỐ 5 - PHƯỜNG QUỲNH XUÂN"."""
    found = _GROUP_NUMBER.search(group_name)
    group = (_words(language)["group"].format(number=found.group(1)) if found
             else group_name.upper())
    return f"{group} - {ward_upper(ward_name, language)}"


def state_layout(*, ward_name: str, on: date, title: str, number: str = "     /BC-UBND",
                 recipients: tuple[str, ...] = (), signer: str = "",
                 language: str = "vi") -> Layout:
    """A People's Committee document of the ward (Decree 30/2020)."""
    w = _words(language)
    return Layout(
        left=(w["committee"], ward_upper(ward_name, language)),
        right=(w["nation"], w["motto"]),
        number=w["number"].format(number=number),
        place_date=place_date_line(ward_name, on, language),
        title=title,
        recipients=(w["recipients"], *recipients, w["archive"]),
        signatures=(Signature(w["for_committee"], w["chair"], w["sign_hint"], signer),),
    )


def party_layout(*, ward_name: str, on: date, title: str, number: str = "     -BC/KDV",
                 recipients: tuple[str, ...] = (), signer: str = "",
                 language: str = "vi") -> Layout:
    """A report of the ward's mass-mobilization bloc (Hướng dẫn 36-HD/VPTW)."""
    w = _words(language)
    return Layout(
        left=(f"{w['party_committee']} {ward_upper(ward_name, language)}", w["bloc"], "*"),
        right=(w["party"],),
        number=w["number"].format(number=number),
        place_date=place_date_line(ward_name, on, language),
        title=title,
        recipients=(w["recipients"], *recipients, w["archive"]),
        signatures=(Signature(w["for_bloc"], w["bloc_head"], w["sign_hint"], signer),),
    )


def group_sheet_layout(*, group_name: str, ward_name: str, on: date, title: str,
                       subtitle: tuple[str, ...] = (), prepared_by: str = "",
                       language: str = "vi") -> Layout:
    """A residential group's public sheet: its heading, the place-and-date line, and the
    signatures of the group leader, the head of the Front work committee and the person
    who prepared it."""
    w = _words(language)
    hint = w["sign_hint"]
    return Layout(
        left=(group_heading(group_name, ward_name, language),),
        right=(),
        place_date=place_date_line(ward_name, on, language),
        title=title,
        subtitle=subtitle,
        signatures=(Signature("", w["leader"], hint), Signature("", w["front_head"], hint),
                    Signature("", w["preparer"], hint, prepared_by)),
    )
