"""The criteria library (重大事故隐患判定标准库): which clauses apply to an enterprise's industry, and which
clauses a typed hazard description most resembles.

The texts live in data files, one per standard (hazards/data/*.json, listed in hazards/data/SOURCES.md), each
item with its clause number, the GB/T 4754-2017 sections or divisions it applies to and the public page it was
read from. ``load_criteria`` puts them in the database; the industries are read from the files here, so a
clause an administrator adds in the admin (not in any file) applies to every industry.

Suggestions are only offered: the user clicks one to pick it, nothing is ever chosen for them.
"""

from __future__ import annotations

import json
import math
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hazards.models import Criterion

DATA_DIR = Path(__file__).resolve().parent / "data"

# Words every clause shares, or that carry no subject: ranking on them would only add noise.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "或者",
        "并且",
        "且",
        "等",
        "未",
        "在",
        "内",
        "对",
        "有",
        "为",
        "以",
        "其",
        "将",
        "被",
        "按",
        "按照",
        "规定",
        "要求",
        "下列",
        "情形",
        "之一",
        "应当",
        "应",
        "判定",
        "重大",
        "事故",
        "隐患",
        "进行",
        "采取",
        "措施",
        "相应",
        "不",
        "没有",
        "无",
        "是",
        "一",
        "一套",
        "任一种",
        "个",
        "类",
        "中",
        "上",
        "下",
        "时",
    ]
)


@dataclass(frozen=True)
class LibraryItem:
    standard: str
    clause: str
    industries: tuple[str, ...]  # GB/T 4754 section letters ("C") or divisions ("26"); empty: all
    source: str


def library_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.json"))


def read_file(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def library() -> dict[tuple[str, str], LibraryItem]:
    """(standard, clause) → what the data files say about it beyond the text."""
    found: dict[tuple[str, str], LibraryItem] = {}
    for path in library_files():
        data = read_file(path)
        for item in data["criteria"]:
            found[(data["standard"], item["clause"])] = LibraryItem(
                data["standard"], item["clause"], tuple(item.get("industries", ())), item["source"]
            )
    return found


def applies_to(criterion: Criterion, industry_code: str) -> bool:
    """Whether the clause concerns an enterprise of this GB/T 4754 division ("26"); no division: all do."""
    if not industry_code:
        return True
    item = library().get((criterion.standard, criterion.clause))
    if item is None or not item.industries:
        return True
    from enterprises.industries import industry

    known = industry(industry_code)
    section = known.section if known else ""
    return industry_code in item.industries or section in item.industries


def source_of(criterion: Criterion) -> str:
    item = library().get((criterion.standard, criterion.clause))
    return item.source if item else ""


# ---- suggestions: BM25 over jieba tokens ---------------------------------------------------------------

_lock = threading.Lock()
_indexes: dict[int, _Index] = {}


def tokens(text: str) -> list[str]:
    # jieba loads its dictionary on the first cut (1.7 s here, even from its cache file), so it is
    # imported here, when the first suggestion is asked for, not when Django starts.
    import jieba  # type: ignore[import-untyped]

    jieba.setLogLevel(60)
    return [w for w in jieba.lcut_for_search(text) if w.strip() and w not in STOPWORDS and not _is_punct(w)]


def _is_punct(word: str) -> bool:
    return all(not ch.isalnum() for ch in word)


class _Index:
    """Okapi BM25 (k1 1.5, b 0.75) over the clause texts, built once per process per set of texts."""

    k1, b = 1.5, 0.75

    def __init__(self, docs: Sequence[tuple[int, str]]) -> None:
        self.pks = [pk for pk, _text in docs]
        self.terms = [Counter(tokens(text)) for _pk, text in docs]
        self.lengths = [sum(t.values()) for t in self.terms]
        self.avg = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0
        frequency: Counter[str] = Counter()
        for t in self.terms:
            frequency.update(t.keys())
        n = len(docs)
        self.idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in frequency.items()}

    def rank(self, query: Iterable[str]) -> list[tuple[int, float]]:
        words = set(query)
        scored = []
        for pk, terms, length in zip(self.pks, self.terms, self.lengths, strict=True):
            score = 0.0
            for w in words & terms.keys():
                f = terms[w]
                score += self.idf[w] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * length / self.avg))
            if score > 0:
                scored.append((pk, score))
        return sorted(scored, key=lambda pair: (-pair[1], pair[0]))


def _index_for(docs: Sequence[tuple[int, str]]) -> _Index:
    key = hash(tuple(docs))
    with _lock:
        index = _indexes.get(key)
        if index is None:
            _indexes.clear()  # the texts changed (an admin edit): the old index is of no use
            index = _indexes[key] = _Index(docs)
    return index


def suggest(criteria: Sequence[Criterion], description: str, *, limit: int = 3) -> list[Criterion]:
    """The clauses likeliest to match the description, best first (none when nothing is shared)."""
    words = tokens(description) if description.strip() else []
    if not words or not criteria:
        return []
    by_pk = {c.pk: c for c in criteria}
    ranked = _index_for([(c.pk, c.text) for c in criteria]).rank(words)
    return [by_pk[pk] for pk, _score in ranked[:limit]]
