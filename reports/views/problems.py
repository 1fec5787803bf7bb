"""二、存在的主要问题: accept a suggestion drafted from the records."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org.ids import is_digits
from org.scoping import role_required
from org.typing import AuthedRequest
from reports import services
from reports.views.summary import _report


@role_required(*services.WRITERS)
@require_POST
def problem_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    version = request.POST.get("version", "")
    try:
        saved = services.report_problem_accept(
            acting_user=request.user,
            report=report,
            key=request.POST.get("key", ""),
            version=int(version) if is_digits(version) else None,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if saved.version == report.version:
            messages.info(request, _("This suggestion is already in section II."))
        else:
            messages.success(request, _("The suggestion was added to section II; edit it there."))
    return redirect("reports:detail", pk=pk)
