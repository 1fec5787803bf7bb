"""国民经济行业分类 GB/T 4754-2017 (with its 2019 amendment): the sections (门类, a letter) and divisions (大类,
two digits) an enterprise is classed by. An enterprise stores the code; pages show the name.

The table is data (data/gbt4754_2017.csv), taken from the standard's published list; a bureau may narrow the
picker to the classes it uses with the ENTERPRISE_INDUSTRY_CODES setting (empty: all divisions).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

DATA = Path(__file__).resolve().parent / "data" / "gbt4754_2017.csv"


@dataclass(frozen=True)
class Industry:
    code: str  # "26"
    section: str  # "C"
    name: str  # 化学原料和化学制品制造业

    @property
    def label(self) -> str:
        """How the picker shows it: "C26 化学原料和化学制品制造业"."""
        return f"{self.section}{self.code} {self.name}"


@cache
def _table() -> tuple[dict[str, Industry], dict[str, str]]:
    divisions: dict[str, Industry] = {}
    sections: dict[str, str] = {}
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["section"]:
                divisions[row["code"]] = Industry(row["code"], row["section"], row["name"])
            else:
                sections[row["code"]] = row["name"]
    return divisions, sections


def industries() -> list[Industry]:
    """The divisions the bureau's picker offers, in the standard's order."""
    divisions, _sections = _table()
    wanted = set(getattr(settings, "ENTERPRISE_INDUSTRY_CODES", ()) or ())
    return [industry for code, industry in divisions.items() if not wanted or code in wanted]


def industry(code: str) -> Industry | None:
    return _table()[0].get(code)


def section_name(letter: str) -> str:
    return _table()[1].get(letter, "")


def parse_industry(text: str) -> str | None:
    """The code in what a clerk typed or picked: "26", "C26", "C26 化学原料…" or the name alone."""
    text = (text or "").strip()
    if not text:
        return None
    divisions, _sections = _table()
    head = text.split()[0].upper()
    for candidate in (head, head[1:] if head[:1].isalpha() else head):
        if candidate in divisions:
            return candidate
    by_name = {industry.name: code for code, industry in divisions.items()}
    return by_name.get(text.split(maxsplit=1)[-1])
