"""Separation of duties (职责分离) in the closed loop: who may re-inspect and close a hazard.

The person who reported the rectification never re-inspects or closes it; a bureau may ask for more —
someone of another role, or at another org level (org.BureauSettings.reinspection_by). The person
who recorded the hazard may fail its re-inspection but not pass it. Checked in hazards.services
(single and bulk), and the detail page offers no re-inspection to whom it would refuse. org.permissions names
pass_refusal, fail_refusal and own_hazard_refusal as the record checks of its hazard actions.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from hazards.models import Hazard
from org.models import BureauSettings, OrgUnit, Role, User

SEP = BureauSettings.Separation


def rules_for(units: Iterable[OrgUnit]) -> dict[int, str]:
    """Each unit's rule: the settings of the nearest unit above it (or itself) that has some. One query."""
    units = list({unit.pk: unit for unit in units}.values())
    prefixes = {path for unit in units for path in unit.ancestor_paths}
    found = {
        s.org_unit.path: s.reinspection_by
        for s in BureauSettings.objects.filter(org_unit__path__in=prefixes).select_related("org_unit")
    }
    rules = {}
    for unit in units:
        nearest = max((path for path in found if unit.path.startswith(path)), key=len, default=None)
        rules[unit.pk] = found[nearest] if nearest is not None else SEP.PERSON
    return rules


def refusal(*, hazard: Hazard, user: User, passing: bool, rule: str, reinspector: str = "") -> tuple[str, str]:
    """(form field or "", why) ``user`` may not record this re-inspection (pass or fail) of ``hazard``; ("", "") if
    they may.

    ``hazard.rectified_by`` and ``hazard.finder`` should be loaded with the hazard (bulk close).
    """
    rectifier = hazard.rectified_by
    if rectifier is not None:
        if rectifier.pk == user.pk:
            return "", _("You reported this rectification: its re-inspection and closing must be done by someone else.")
        if reinspector.strip() and reinspector.strip() == str(rectifier):
            return "reinspector", _(
                "The re-inspector named is the person who reported the rectification "
                "(%(name)s): someone else must re-inspect it."
            ) % {"name": rectifier}
        if rule == SEP.ROLE and rectifier.role == user.role:
            return "", _(
                "This bureau has re-inspections done by someone of another role than the person who reported "
                "the rectification (%(name)s, %(role)s)."
            ) % {"name": rectifier, "role": rectifier.get_role_display()}
        if rule == SEP.LEVEL and _depth(rectifier) == _depth(user):
            return "", _(
                "This bureau has re-inspections done by someone at another org level than the person who "
                "reported the rectification (%(name)s, %(unit)s)."
            ) % {"name": rectifier, "unit": rectifier.org_unit or "—"}
    if passing and hazard.finder_id is not None and hazard.finder_id == user.pk:
        return "", _(
            "You recorded this hazard: you may not pass its re-inspection yourself; someone else re-inspects "
            "and closes it."
        )
    return "", ""


def own_hazard_refusal(user: User, hazard: Hazard) -> str:
    """An enterprise user acts only on their own enterprise's hazards (their township is not their scope)."""
    if getattr(user, "role", None) == Role.ENTERPRISE and (
        user.enterprise_id is None or hazard.enterprise_id != user.enterprise_id
    ):
        return _("Your role may not do this.")
    return ""


def pass_refusal(user: User, hazard: Hazard) -> str:
    """org.permissions' check of "hazards.reinspect_pass": why separation of duties refuses ``user`` to pass it."""
    return refusal(hazard=hazard, user=user, passing=True, rule=rules_for([hazard.org_unit])[hazard.org_unit_id])[1]


def fail_refusal(user: User, hazard: Hazard) -> str:
    """org.permissions' check of "hazards.reinspect_fail"."""
    return refusal(hazard=hazard, user=user, passing=False, rule=rules_for([hazard.org_unit])[hazard.org_unit_id])[1]


def _depth(user: User) -> int:
    return user.org_unit.depth if user.org_unit is not None else 0
