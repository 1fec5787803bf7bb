"""Closed periods: dates whose figures have been approved, so a step back-dated into them needs a reason.

The apps that approve figures know which periods are closed (reports: an approved half-year summary);
the apps that record steps (hazards) must ask without importing them, since imports go one way
(org ← hazards ← … ← reports). So org keeps a registry:

* An app that closes periods puts a module ``<app>/closed_periods.py`` that calls :func:`register` with
  a checker when imported. They are found the way the admin finds ``admin.py`` (``autodiscover_modules``),
  on the first check, so no app's ``ready()`` needs editing and org names no other app.
* A checker takes the org units and the range of dates in question and returns the closed periods that
  touch them, in one query, so checking 1,600 hazards costs one query per checker, not 1,600.
* A recording app calls :func:`closed_periods` once, then :meth:`ClosedPeriod.covers` per record.

Without any checker registered nothing is closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules

from org.models import OrgUnit


@dataclass(frozen=True)
class ClosedPeriod:
    """Figures approved for everything under ``scope_path`` from ``start`` to ``end`` (both included)."""

    scope_path: str
    start: dt.date
    end: dt.date
    label: str  # what the user is told, e.g. "临江市2026年上半年安全生产工作总结（2026年1月1日至6月30日）"

    def covers(self, org_unit: OrgUnit, on: dt.date) -> bool:
        return org_unit.path.startswith(self.scope_path) and self.start <= on <= self.end


Checker = Callable[[Sequence[OrgUnit], dt.date, dt.date], Iterable[ClosedPeriod]]

_checkers: list[Checker] = []
_discovered = False


def register(checker: Checker) -> Checker:
    """Add a checker (usable as a decorator); registering the same one twice keeps one."""
    if checker not in _checkers:
        _checkers.append(checker)
    return checker


def ancestor_paths(units: Iterable[OrgUnit]) -> set[str]:
    """The paths of the units and of every unit above them ("3301/", "3301/330102/" …): the scopes covering them."""
    return {path for unit in units for path in unit.ancestor_paths}


def closed_periods(*, org_units: Iterable[OrgUnit], start: dt.date, end: dt.date) -> list[ClosedPeriod]:
    """Every closed period covering any of the units on any day from ``start`` to ``end``."""
    global _discovered
    if not _discovered:
        autodiscover_modules("closed_periods")
        _discovered = True
    units = list({unit.pk: unit for unit in org_units}.values())
    if not units:
        return []
    return [period for checker in _checkers for period in checker(units, start, end)]


def closed_period_for(*, org_unit: OrgUnit, on: dt.date) -> ClosedPeriod | None:
    """The first closed period covering ``org_unit`` on ``on``, or None."""
    return next((p for p in closed_periods(org_units=[org_unit], start=on, end=on) if p.covers(org_unit, on)), None)
