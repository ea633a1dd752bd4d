"""Arabic analysis engine: relevance (who acted against whom, where) and fact extraction.

>>> from datetime import UTC, datetime
>>> from monitor.models import NewsItem
>>> item = NewsItem(item_id="t:1", feed_id="t", outlet="t", url="https://t/1",
...     title="قصف صاروخي يستهدف قاعدة أمريكية في حقل العمر شرقي سوريا",
...     fetched_at=datetime(2024, 2, 3, tzinfo=UTC))
>>> analyse(item).relevant
True

The worker builds one :class:`Analyzer` (automaton, lexicons, gazetteer) and reuses it;
:func:`analyse` uses a module-level default built on first use.
"""

from __future__ import annotations

from functools import lru_cache

from monitor import analysis_build
from monitor.analysis.engine import ENGINE_VERSION, Analyzer
from monitor.models import Analysis, NewsItem

__all__ = ["ENGINE_VERSION", "Analyzer", "analyse", "compiled", "default_analyzer"]


def compiled() -> bool:
    """Whether the engine runs as mypyc-compiled C rather than from its Python source
    (:func:`monitor.analysis_build`)."""
    return analysis_build() == "compiled"


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    """The shared Analyzer (packaged lexicons and gazetteer), built once."""
    return Analyzer()


def analyse(item: NewsItem) -> Analysis:
    """Analyse one item with the default :class:`Analyzer`."""
    return default_analyzer().analyse(item)
