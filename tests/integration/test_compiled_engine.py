"""The mypyc-compiled analysis (what ``pip install .`` and the Docker image run) gives the same
bytes as the Python source (what an editable install runs), on every labelled item we hold.

The wheel is built the way ``setup.py`` builds it for production (``pip wheel``, which compiles
``setup.COMPILED``), unpacked into a directory of its own, and ``marsad analyze`` runs once from
it and once from the source over the dev corpus and every authored held-out set. The build takes
about a minute on two cores, so it happens once per session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
_PIP = (sys.executable, "-m", "pip", "-q")
_PROBE = (
    "import monitor.analysis as a, monitor.analysis.engine as e; print(a.compiled(), e.__file__)"
)


def _compiler() -> str | None:
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(cc)


@pytest.fixture(scope="module")
def compiled_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if _compiler() is None:
        pytest.skip("no C compiler: the compiled build cannot be made here (MARSAD_COMPILE=0)")
    pytest.importorskip("mypyc", reason="mypy (mypyc) is a dev dependency")
    work = tmp_path_factory.mktemp("compiled")
    wheels, site = work / "wheels", work / "site"
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_COMPILE"}
    build = subprocess.run(
        [*_PIP, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    (wheel,) = wheels.glob("marsad-*.whl")
    install = subprocess.run(
        [*_PIP, "install", "--no-deps", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    yield site


def _run(args: list[str], pythonpath: Path, cwd: Path, stdin: str = "") -> str:
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    proc = subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def _labelled_items(shared_dir: Path) -> str:
    held_out = sorted(ROOT.glob("tests/data/heldout*/*.jsonl"))
    corpora = [shared_dir / "corpus" / "dev.jsonl", *held_out]
    scorer = shared_dir / "corpus" / "score.py"
    return "".join(_run([str(scorer), "items", str(path)], ROOT, ROOT) for path in corpora)


def test_the_wheel_runs_the_compiled_engine(compiled_site: Path, tmp_path: Path) -> None:
    compiled, origin = _run(["-c", _PROBE], compiled_site, tmp_path).split()
    assert compiled == "True"
    assert Path(origin).is_relative_to(compiled_site) and not origin.endswith(".py")
    assert _run(["-c", _PROBE], ROOT, ROOT).split()[0] == "False"
    # what marsad_build_info{analysis=...} says, without importing the engine
    build = "import monitor; print(monitor.analysis_build())"
    assert _run(["-c", build], compiled_site, tmp_path).strip() == "compiled"
    assert _run(["-c", build], ROOT, ROOT).strip() == "python"
    version = _run(["-m", "monitor.cli", "--version"], compiled_site, tmp_path)
    assert "(analysis: compiled)" in version


def test_compiled_and_source_engines_give_the_same_bytes(
    compiled_site: Path, shared_dir: Path, tmp_path: Path
) -> None:
    items = _labelled_items(shared_dir)
    assert items.count("\n") > 1000, "the dev corpus and the held-out sets"
    cli = ["-m", "monitor.cli", "analyze", "-"]
    compiled = _run(cli, compiled_site, tmp_path, stdin=items)
    source = _run(cli, ROOT, ROOT, stdin=items)
    assert compiled.count("\n") == items.count("\n")
    assert compiled == source
