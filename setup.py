"""Build hook: compile the pure Arabic analysis modules with mypyc when a wheel is built.

The project's metadata lives in ``pyproject.toml``; this file only adds the compiled modules.

- ``pip install .`` / ``pip wheel .`` (production, the Docker image): the modules of
  :data:`COMPILED` are compiled to C extensions by mypyc (about 1.6x the analysis throughput,
  outputs identical: ``tests/integration/test_compiled_engine.py``). Needs a C compiler and the
  Python headers.
- ``pip install -e .`` (development, ``make``): pure Python, so an edited rule takes effect at
  once (a stale compiled module beside its source would silently win the import).
- ``MARSAD_COMPILE=0``: pure Python for any build (no compiler at hand); ``MARSAD_COMPILE=1``
  compiles even an editable install.

Only modules without I/O or Kafka are compiled: the text and analysis packages, which the worker
and ``marsad analyze`` run on every item. See docs/performance.md (Compiled analysis).
"""

from __future__ import annotations

import os
import sys

from setuptools import setup

COMPILED = [
    "monitor/text/normalise.py",
    "monitor/text/numerals.py",
    "monitor/text/matcher.py",
    "monitor/analysis/lexicon.py",
    "monitor/analysis/gazetteer.py",
    "monitor/analysis/document.py",
    "monitor/analysis/relevance.py",
    "monitor/analysis/facts.py",
    "monitor/analysis/engine.py",
]

# setuptools' PEP 517 hooks run this file with the command they need as argv: metadata only
# (egg_info, dist_info), an editable wheel (editable_wheel) or a wheel (bdist_wheel).
_BUILDS = {"bdist_wheel", "build", "build_ext", "install"}


def _compile() -> bool:
    choice = os.environ.get("MARSAD_COMPILE", "").strip().lower()
    if choice in ("0", "false", "no", "off"):
        return False
    commands = set(sys.argv[1:])
    if "editable_wheel" in commands or "develop" in commands:
        return choice in ("1", "true", "yes", "on")
    return bool(commands & _BUILDS)


def _ext_modules() -> list[object]:
    if not _compile():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError as exc:  # the build requirements pin mypy; a --no-build-isolation build
        raise SystemExit(
            "marsad: compiling the analysis needs mypy (pip install 'mypy==2.3.1'); "
            "set MARSAD_COMPILE=0 to build pure Python"
        ) from exc
    # one shared library for the group (marsad__mypyc), one small module per compiled file
    args = ["--config-file", "pyproject.toml", *COMPILED]
    return list(mypycify(args, opt_level="3", group_name="marsad"))


setup(ext_modules=_ext_modules())
