"""``marsad run`` (the whole pipeline on one machine) and ``marsad broker``."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("broker", help="run the embedded Kafka-protocol broker (Tansu) alone")
    p.add_argument("--port", type=int, default=9092, help="port on 127.0.0.1 (default 9092)")
    p.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1)")
    p.set_defaults(handler=_broker)


def _broker(args: argparse.Namespace) -> int:
    import signal
    import sys

    from monitor.broker import BrokerError, EmbeddedBroker

    broker = EmbeddedBroker(port=args.port, host=args.host)
    try:
        broker.start()
    except BrokerError as exc:
        print(f"marsad broker: {exc}", file=sys.stderr)
        return 1
    print(f"Kafka-protocol broker (Tansu, in memory) listening on {broker.bootstrap}", flush=True)
    print(f"  export MARSAD_KAFKA_BOOTSTRAP={broker.bootstrap}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: broker.stop())
    try:
        return broker.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        broker.stop()
