"""Local development: the embedded default (SQLite, in-process tasks)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
