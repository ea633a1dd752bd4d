"""Marsad (مرصد): a stream-processing monitor of Arabic news for operations teams.

The package follows the pipeline::

    poll/       feeds over HTTP -> NewsItem -> topic news.raw
    text/       Arabic normalisation, numbers (pure)
    analysis/   relevance and facts of one item (pure)            } run by the Faust
    incidents/  clustering, alert lifecycle, severity, profiles   } worker in streams/
    sinks/      alerts tail, webhook
    replay/     archives and topic ranges back through the pipeline

plus ``settings``, ``models`` (the data contracts), ``kafka``, ``broker`` (embedded Tansu),
``metrics`` and ``cli``.
"""

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

__version__ = "0.1.0"


def analysis_build() -> str:
    """ "compiled" when the analysis engine is a mypyc extension beside its source (a wheel build,
    see ``setup.py``: the import system prefers the extension), else "python" (an editable
    install, ``MARSAD_COMPILE=0``). Found without importing the engine; outputs are the same."""
    here = Path(__file__).resolve().parent / "analysis"
    found = any((here / f"engine{suffix}").exists() for suffix in EXTENSION_SUFFIXES)
    return "compiled" if found else "python"
