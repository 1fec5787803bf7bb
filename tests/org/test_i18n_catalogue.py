"""Every message the code marks for translation has a Chinese translation (issue 17).

The shared catalogue is never rewritten here: makemessages runs on a tree of symlinks to the apps in a temporary
directory, writes its own fresh catalogue there, and the test compares that catalogue's msgids with the real one.
"""

from __future__ import annotations

import os
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# What makemessages would read in the repository, apart from the catalogue itself and installed packages.
SKIPPED = {"locale", ".venv", "node_modules", "staticfiles", "var", "media", "tests", "bench", "docs", ".git"}


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def _untranslated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return not entry.msgstr_plural or any(not s.strip() for s in entry.msgstr_plural.values())
    return not entry.msgstr.strip()


def test_no_entry_of_the_catalogue_is_empty_or_fuzzy() -> None:
    catalogue = polib.pofile(str(CATALOGUE))
    bad = [e.msgid for e in catalogue if not e.obsolete and ("fuzzy" in e.flags or _untranslated(e))]
    assert bad == []


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> polib.POFile:
    tree = tmp_path_factory.mktemp("extract")
    base = Path(settings.BASE_DIR)
    for child in base.iterdir():
        if child.name not in SKIPPED and not child.name.startswith("."):
            (tree / child.name).symlink_to(child)
    (tree / "locale").mkdir()
    cwd = os.getcwd()
    os.chdir(tree)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(settings, "LOCALE_PATHS", [str(tree / "locale")])
            call_command(
                "makemessages",
                locale=["zh_Hans"],
                symlinks=True,
                no_obsolete=True,
                verbosity=0,
                ignore_patterns=["*/.venv/*", "*/node_modules/*", "*/staticfiles/*"],
            )
    finally:
        os.chdir(cwd)
    return polib.pofile(str(tree / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))


def test_every_message_marked_in_the_code_is_in_the_catalogue(extracted: polib.POFile) -> None:
    known = {_key(e) for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    missing = sorted(
        {f"{e.msgid}  ({e.occurrences[0][0] if e.occurrences else '?'})" for e in extracted if _key(e) not in known}
    )
    assert missing == [], "\n".join(missing)
