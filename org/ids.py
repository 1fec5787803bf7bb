"""Digits typed or posted by a user: only ASCII 0–9 count.

``str.isdigit`` is true of "²" (which ``int`` refuses: a 500 on ``?enterprise=²``) and of full-width "３３"
(which a Chinese input method types, and which would be stored as such in a division code). Every check
of an id in a URL or a form, and of a code's digits, goes through here.
"""

from __future__ import annotations


def is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()
