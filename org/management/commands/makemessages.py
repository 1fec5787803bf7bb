"""makemessages that also reads ``_lazy(...)``: several modules import gettext_lazy as _lazy next to gettext as _.

Without the keyword xgettext skips those strings, they never reach the catalogue, and the page shows English
(issue 17: the responsibility ledgers' "New …" buttons and column headers).
"""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
