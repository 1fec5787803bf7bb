"""What the test run needs before the first test: compiled messages and a Hypothesis seed.

Bare ``pytest`` on a fresh clone used to fail 18 tests because nothing had run
``compilemessages``; the catalogue is compiled here whenever a ``.po`` is newer than its ``.mo``.

Hypothesis loads its own "ci" profile when it sees ``CI`` in the environment, and that profile is
derandomized: CI would replay the same examples for ever and never find a new one. Every run here
draws a fresh seed instead (or takes ``--hypothesis-seed``) and prints it in the header, so a
failure found in CI is replayed locally with ``pytest --hypothesis-seed=<seed>``.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
SEED_KEY = pytest.StashKey[int]()


def _compile_messages() -> None:
    for po in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:
            raise pytest.UsageError("需要 gettext 的 msgfmt 来编译翻译（apt install gettext，或运行 make setup）")
        subprocess.run([msgfmt, "--check-format", "-o", str(mo), str(po)], check=True)


def pytest_configure(config: pytest.Config) -> None:
    _compile_messages()

    from hypothesis import HealthCheck, core, settings

    settings.register_profile(
        "portal",
        deadline=None,
        database=None,
        derandomize=False,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.load_profile("portal")
    given_seed = config.getoption("--hypothesis-seed", default=None)
    seed = int(given_seed) if given_seed is not None else random.SystemRandom().randrange(2**32)
    # What hypothesis's own plugin does for --hypothesis-seed; the module declares the global as None.
    core.global_force_seed = seed  # type: ignore[assignment]
    config.stash[SEED_KEY] = seed


def pytest_report_header(config: pytest.Config) -> str:
    return f"hypothesis seed: {config.stash[SEED_KEY]} (replay with --hypothesis-seed={config.stash[SEED_KEY]})"
