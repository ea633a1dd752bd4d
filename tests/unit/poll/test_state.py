from __future__ import annotations

from pathlib import Path

import pytest

from monitor.poll.fetch import Validators
from monitor.poll.state import PollerState, PollerStateError


def test_seen_set_persists_across_restarts(tmp_path: Path) -> None:
    state = PollerState.in_dir(tmp_path, capacity=10)
    assert state.split_seen(["f:1", "f:2"]) == (["f:1", "f:2"], [])
    state.mark_seen(["f:1", "f:2"])
    state.close()

    again = PollerState.in_dir(tmp_path, capacity=10)
    assert again.split_seen(["f:2", "f:3", "f:1"]) == (["f:3"], ["f:2", "f:1"])
    assert len(again) == 2
    again.close()


def test_seen_set_is_bounded_and_keeps_recently_seen(tmp_path: Path) -> None:
    state = PollerState.in_dir(tmp_path, capacity=3)
    state.mark_seen(["a", "b", "c"])
    state.split_seen(["a"])  # "a" is still in a feed: refreshed
    state.mark_seen(["d"])  # evicts the least recently seen: "b"
    assert len(state) == 3
    assert "a" in state and "c" in state and "d" in state
    assert "b" not in state
    state.mark_seen([f"x{i}" for i in range(50)])
    assert len(state) == 3
    state.close()
    assert len(PollerState.in_dir(tmp_path, capacity=3)) == 3


def test_validators_round_trip(tmp_path: Path) -> None:
    state = PollerState.in_dir(tmp_path, capacity=10)
    assert state.validators("f") == Validators()
    state.set_validators("f", Validators('"abc"', "Sat, 03 Feb 2024 10:00:00 GMT"))
    state.close()
    state = PollerState.in_dir(tmp_path, capacity=10)
    assert state.validators("f") == Validators('"abc"', "Sat, 03 Feb 2024 10:00:00 GMT")
    assert state.validators("f").request_headers() == {
        "If-None-Match": '"abc"',
        "If-Modified-Since": "Sat, 03 Feb 2024 10:00:00 GMT",
    }
    state.set_validators("f", Validators())
    assert state.validators("f") == Validators()
    state.close()


def test_unusable_state_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "poller.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(PollerStateError, match=r"poller\.sqlite3: .*MARSAD_STATE_DIR"):
        PollerState.in_dir(tmp_path, capacity=10)
