"""``marsad replay``: history back through the same pipeline, deterministically.

- :mod:`monitor.replay.sources` reads NewsItems from the poller's archive, JSON Lines files, a
  directory of recorded feed documents, or a Kafka topic time range; bad input becomes a
  :class:`~monitor.replay.sources.SourceError` naming the file and line, never an exception.
- :mod:`monitor.replay.pacing` decides when each item is due (as fast as possible, ``--rate``,
  ``--speed``); pure, clock injected.
- :mod:`monitor.replay.progress` reports progress (rich bar on a terminal, plain lines otherwise)
  and the closing summary.
- :mod:`monitor.replay.runner` ties them together: namespace, worker, producer, ``--wait``.
"""
