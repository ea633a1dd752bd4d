"""The feed poller: feeds file -> fetch -> parse -> normalise -> dedupe -> ``news.raw`` + archive.

Public pieces: :class:`~monitor.poll.service.Poller` (the service), :func:`load_feeds`,
:func:`~monitor.poll.archive.iter_archive` (read what the poller archived).
"""

from monitor.poll.archive import ArchiveWriter, iter_archive
from monitor.poll.feeds import Feed, FeedsFileError, load_feeds

__all__ = ["ArchiveWriter", "Feed", "FeedsFileError", "iter_archive", "load_feeds"]
