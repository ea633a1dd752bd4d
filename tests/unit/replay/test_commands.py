"""`marsad replay` argument checking: wrong flags fail fast with status 2 and a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.cli import build_parser, main


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--max-gap", "5"], "--max-gap only applies with --speed"),
        (["--rate", "0"], "--rate must be a positive"),
        (["--speed", "-2"], "--speed must be a positive"),
        (["--partitions", "0"], "--partitions must be at least 1"),
        (["--into", "a b"], "replay name 'a b'"),
        (["--since", "last tuesday"], "is not a time"),
    ],
)
def test_bad_flags_exit_2_with_message(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "x.jsonl"
    source.write_text("")
    assert main(["replay", str(source), *argv]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [["--rate", "5", "--speed", "2"], ["--into", "x", "--live"]],
)
def test_exclusive_flags(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["replay", "x.jsonl", *argv])
    assert exc.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_live_needs_a_configured_broker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MARSAD_KAFKA_BOOTSTRAP", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    source = tmp_path / "x.jsonl"
    source.write_text("")
    assert main(["replay", str(source), "--live"]) == 2
    assert "MARSAD_KAFKA_BOOTSTRAP" in capsys.readouterr().err


def test_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["replay", "--help"])
    out = capsys.readouterr().out
    assert "kafka:marsad.news.raw --since" in out and "--no-worker" in out
