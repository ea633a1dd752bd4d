"""The Faust worker: ``news.raw`` -> analysis -> incidents -> ``news.analysed`` + ``alerts``.

Layout (Faust's "medium/large project" shape):

- :mod:`streams.app` — ``create_app(settings, ...)``: the configured Faust app, its topics, table
  and agents.
- :mod:`streams.topics` — the Faust topic objects of one namespace (raw bytes in and out).
- :mod:`streams.processing` — what happens to one record (decode, language gate, analyse, route,
  observe, dead letters). Plain functions and small classes, testable without a broker.
- :mod:`streams.delivery` — produce a batch of outputs and wait until the broker acknowledged
  every one of them (the at-least-once guarantee rests on this).
- :mod:`streams.agents` — the two thin agent loops.
- :mod:`streams.worker` — ``run_worker(settings)``: run the app inside a running asyncio loop.
- :mod:`streams.commands` — ``marsad worker``.
"""
