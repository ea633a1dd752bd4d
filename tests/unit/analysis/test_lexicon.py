"""Loading the lexicons: the shipped ones are consistent, an operator's broken copy says where."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from monitor.analysis.lexicon import LexiconError, load_lexicon

SHIPPED = Path(str(resources.files("monitor.analysis") / "data"))


@pytest.fixture
def lexicon_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(SHIPPED, copy)
    return copy


def test_shipped_host_towns_are_sites() -> None:
    lex = load_lexicon()
    assert lex.host_towns
    assert lex.host_towns <= set(lex.us_sites)


def test_a_copy_loads_like_the_shipped_lexicon(lexicon_dir: Path) -> None:
    assert load_lexicon(lexicon_dir) == load_lexicon()


def test_host_town_that_is_no_site_is_named(lexicon_dir: Path) -> None:
    sites = lexicon_dir / "sites.yaml"
    sites.write_text(
        sites.read_text(encoding="utf-8").replace("host_towns: [", "host_towns: [بلدة وهمية, "),
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match="host_towns: not in us_sites: بلدة وهمية"):
        load_lexicon(lexicon_dir)


def test_unknown_actor_side_is_named(lexicon_dir: Path) -> None:
    actors = lexicon_dir / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    actors.write_text(text.replace("side: us_coalition", "side: martians", 1), encoding="utf-8")
    with pytest.raises(LexiconError, match="unknown side"):
        load_lexicon(lexicon_dir)


def test_unreadable_lexicon_is_named(lexicon_dir: Path) -> None:
    (lexicon_dir / "cues.yaml").write_text("cues: [unclosed", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"cues\.yaml: cannot read lexicon"):
        load_lexicon(lexicon_dir)
