"""Which face each role of an official document gets: a licensed file a bureau drops into PDF_FONT_DIR
(under the names its copies usually have), else a complete face installed on the system, else Noto."""

from __future__ import annotations

import pytest

from org import pdf
from org.pdf import font_css

UKAI_FILE = "/usr/share/fonts/truetype/arphic/ukai.ttc"  # covers GB 2312 (installed by the setup)
DEJAVU_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Latin only


@pytest.fixture
def installed(monkeypatch):
    """Pretend these families are installed (family → [(file, index)]), and nothing else."""
    families: dict[str, list[tuple[str, int]]] = {}
    monkeypatch.setattr(pdf, "system_families", lambda: families)
    pdf.covers_gb2312.cache_clear()
    yield families
    pdf.covers_gb2312.cache_clear()


@pytest.mark.parametrize(
    ("filename", "role", "family"),
    [
        ("仿宋_GB2312.ttf", "body", "SP FangSong"),
        ("SIMFANG.TTF", "body", "SP FangSong"),
        ("FangSong_GB2312.ttf", "body", "SP FangSong"),
        ("fangsong.ttf", "body", "SP FangSong"),
        ("方正小标宋简体.ttf", "title", "SP XiaoBiaoSong"),
        ("FZXBSJW.TTF", "title", "SP XiaoBiaoSong"),
        ("黑体.ttf", "hei", "SP HeiTi"),
        ("simhei.ttf", "hei", "SP HeiTi"),
        ("楷体_GB2312.ttf", "kai", "SP KaiTi"),
        ("SimKai.ttf", "kai", "SP KaiTi"),
    ],
)
def test_a_file_under_a_bureaus_usual_name_is_used(tmp_path, installed, filename, role, family):
    (tmp_path / filename).write_bytes(b"")

    css = font_css(tmp_path)

    assert f'--font-{role}: "{family}", ' in css
    assert f'src: url("{(tmp_path / filename).as_uri()}")' in css


def test_without_files_the_installed_faces_are_used(tmp_path, installed):
    css = font_css(tmp_path)

    assert "@font-face" not in css
    assert '--font-body: "Noto Serif CJK SC", "Noto Serif CJK", serif;' in css
    assert '--font-kai: "AR PL UKai CN", "Noto Serif CJK SC", serif;' in css


def test_the_preferred_name_wins_when_a_bureau_drops_two(tmp_path, installed):
    (tmp_path / "fangsong.ttf").write_bytes(b"")
    (tmp_path / "仿宋_GB2312.ttf").write_bytes(b"")

    css = font_css(tmp_path)

    assert (tmp_path / "仿宋_GB2312.ttf").as_uri() in css
    assert (tmp_path / "fangsong.ttf").as_uri() not in css


def test_an_installed_fangsong_is_used_when_it_covers_gb2312(tmp_path, installed):
    installed["FangSong"] = [(UKAI_FILE, 0)]

    assert '--font-body: "FangSong", "Noto Serif CJK SC"' in font_css(tmp_path)


def test_an_installed_fangsong_that_lacks_hanzi_is_not(tmp_path, installed):
    # As fonts-cwtex-fs's cwTeXFangSong (traditional Chinese) would be: it would mix faces within a line.
    installed["cwTeXFangSong"] = [(DEJAVU_FILE, 0)]

    assert '--font-body: "Noto Serif CJK SC", "Noto Serif CJK", serif;' in font_css(tmp_path)


def test_a_dropped_file_comes_before_an_installed_face(tmp_path, installed):
    installed["仿宋_GB2312"] = [(UKAI_FILE, 0)]
    (tmp_path / "simfang.ttf").write_bytes(b"")

    assert '--font-body: "SP FangSong", "Noto Serif CJK SC"' in font_css(tmp_path)


def test_ukai_is_scaled_to_the_body_size_only_when_it_stands_in_for_kai(tmp_path, installed):
    installed["AR PL UKai CN"] = [(UKAI_FILE, 0)]
    assert "--font-kai-size: 1.1em; --font-kai-tracking: -0.0909em;" in font_css(tmp_path)

    (tmp_path / "楷体_GB2312.ttf").write_bytes(b"")
    assert "--font-kai-size: 1em; --font-kai-tracking: 0.0000em;" in font_css(tmp_path)
