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

__version__ = "0.1.0"
