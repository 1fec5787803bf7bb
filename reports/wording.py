"""Fill section wording with figures, leaving out what cannot be said.

Rules (documented for administrators in the admin help text):
- each line of a template is one sentence or clause group; the lines of a
  section are joined into one paragraph;
- a line is left out when one of its ``{figure}`` placeholders has no value;
- a ``[...]`` segment is left out when a figure inside it has no value or is 0,
  so "[，罚款{fines_wan}万元]" disappears in a half year without fines;
- a line that starts with ``?`` is optional: off unless the clerk switches it on
  for her report (its number is the line's index in the template, from 0).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

PLACEHOLDER = re.compile(r"\{(\w+)\}")
OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
LEADING = "，、；："
OPTIONAL_LINE = "?"
PUNCTUATION = "，、；：。 "


@dataclass(frozen=True)
class Figure:
    """One number used in a report, with the link to the records it counts."""

    key: str
    label: str
    value: Any  # int, Decimal or str; None when the records cannot give it (no records: not zero)
    display: str
    link: str = ""
    module: str = ""  # reports.registry.MODULES key

    @property
    def is_zero(self) -> bool:
        return self.value in (0, "0") or (hasattr(self.value, "is_zero") and self.value.is_zero())


def _missing(names: list[str], figures: Mapping[str, Figure], *, zero_counts: bool) -> bool:
    for name in names:
        fig = figures.get(name)
        if fig is None or fig.value is None:
            return True
        if zero_counts and fig.is_zero:
            return True
    return False


def _fill(text: str, figures: Mapping[str, Figure]) -> str:
    return PLACEHOLDER.sub(lambda m: figures[m.group(1)].display, text)


def _render_line(line: str, figures: Mapping[str, Figure]) -> str:
    """One template line filled, or "" when it cannot be said."""

    def optional(match: re.Match) -> str:
        inner = match.group(1)
        return "" if _missing(PLACEHOLDER.findall(inner), figures, zero_counts=True) else _fill(inner, figures)

    had_figures = bool(PLACEHOLDER.search(line))
    line = OPTIONAL.sub(optional, line)
    if _missing(PLACEHOLDER.findall(line), figures, zero_counts=False):
        return ""
    line = _fill(line, figures).lstrip(LEADING)
    if had_figures and not line.strip(PUNCTUATION):
        return ""  # every optional part fell away: nothing left to say
    return line


def render_wording(template: str, figures: Mapping[str, Figure], switched_on: Collection[int] = ()) -> str:
    out = []
    for index, raw in enumerate(template.splitlines()):
        line = raw.strip()
        if line.startswith(OPTIONAL_LINE):
            if index not in switched_on:
                continue
            line = line[1:].strip()
        if line:
            out.append(_render_line(line, figures))
    return "".join(out)


def optional_lines(template: str, figures: Mapping[str, Figure]) -> list[tuple[int, str]]:
    """The optional lines that the records can fill, with what each would say: (index, text)."""
    out = []
    for index, raw in enumerate(template.splitlines()):
        line = raw.strip()
        if line.startswith(OPTIONAL_LINE):
            text = _render_line(line[1:].strip(), figures)
            if text:
                out.append((index, text))
    return out


def used_keys(template: str) -> set[str]:
    return set(PLACEHOLDER.findall(template))
