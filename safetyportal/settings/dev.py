"""Local development and the demo (`make run`): the embedded default (SQLite, in-process tasks)."""

from .base import *  # noqa: F403
from .base import env

# The demo shows the portal's own 404, 403 and 500 pages, as production does, rather than Django's English
# debug pages that list every URL pattern (issue 17). DJANGO_DEBUG=1 brings the debug pages back.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# With DEBUG off runserver serves no static files; WhiteNoise serves them from the apps' folders instead,
# so the demo needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
