"""The two structural rules of the house style, checked by walking the code.

Imports go one way: org ← enterprises ← hazards/enforcement/floodprep ← responsibility ← reports, enforcement
and floodprep may import hazards, and nothing imports reports. Every model that belongs to an org unit is scoped by
OrgScopedQuerySet.visible_to.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from org.models import OrgUnit
from org.scoping import OrgScopedQuerySet

ROOT = Path(settings.BASE_DIR)
DOMAIN_APPS = ("org", "enterprises", "hazards", "enforcement", "floodprep", "responsibility", "reports")
PRESENT = [app for app in DOMAIN_APPS if (ROOT / app / "__init__.py").exists()]

# Which other domain apps each app may import.
ALLOWED: dict[str, set[str]] = {
    "org": set(),
    "enterprises": {"org"},  # the register every record points at
    "hazards": {"org", "enterprises"},
    "floodprep": {"org", "enterprises", "hazards"},  # hazards found at risk points are linked
    "enforcement": {"org", "enterprises", "hazards"},
    "responsibility": {"org", "enterprises", "hazards", "enforcement", "floodprep"},
    "reports": {"org", "enterprises", "hazards", "enforcement", "floodprep", "responsibility"},
}

# Models with an org_unit that are not records *of* that unit.
NOT_SCOPED = {
    # The account itself: found by its login, never listed by area, and it keeps Django's UserManager.
    "org.User",
}


def imported_apps(app: str) -> dict[str, set[str]]:
    """For each domain app this app imports: the files that import it."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / app).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in DOMAIN_APPS and top != app:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_domain_apps_are_found():
    assert {"org", "hazards"} <= set(PRESENT)


def test_the_import_walker_sees_imports():
    # hazards builds on org; if the walker missed that, every rule below would pass vacuously.
    assert "hazards/services.py" in imported_apps("hazards")["org"]


@pytest.mark.parametrize("app", PRESENT)
def test_imports_go_one_way_only(app):
    forbidden = {other: files for other, files in imported_apps(app).items() if other not in ALLOWED[app]}
    assert forbidden == {}


def test_org_imports_no_other_app():
    assert imported_apps("org") == {}


@pytest.mark.parametrize("app", [app for app in PRESENT if app != "reports"])
def test_nothing_imports_reports(app):
    assert "reports" not in imported_apps(app)


def test_hazards_do_not_import_their_sibling_apps():
    assert not {"enforcement", "floodprep", "responsibility"} & set(imported_apps("hazards"))


def _org_owned_models() -> list[type[models.Model]]:
    owned = []
    for model in apps.get_models():
        try:
            field = model._meta.get_field("org_unit")
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.ForeignKey) and field.related_model is OrgUnit:
            owned.append(model)
    return owned


def test_the_scoping_check_sees_the_org_owned_models():
    labels = {m._meta.label for m in _org_owned_models()}
    assert {"hazards.Hazard", "org.AuditEntry"} <= labels
    assert labels >= NOT_SCOPED  # an exemption for a model that no longer has org_unit is stale


@pytest.mark.parametrize(
    "model", [m for m in _org_owned_models() if m._meta.label not in NOT_SCOPED], ids=lambda m: m._meta.label
)
def test_every_org_owned_model_is_scoped_by_visible_to(model):
    queryset = model._default_manager.all()
    assert isinstance(queryset, OrgScopedQuerySet)
    assert queryset.org_field == "org_unit"
