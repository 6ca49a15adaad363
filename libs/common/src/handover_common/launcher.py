"""Starts the whole system locally: the embedded broker (unless KAFKA_BOOTSTRAP_SERVERS names
a cluster) and the four services as processes. `make run` and the end-to-end tests use it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from handover_common.access.dev_issuer import DevIssuer
from handover_common.broker import EmbeddedBroker, ensure_port_free
from handover_common.kafka import EMBEDDED_BROKER_SETTINGS, EMBEDDED_SERVICE_SETTINGS

SERVICES = {"referral": 8001, "responsibility": 8002, "billing": 8003, "notification": 8004}


@dataclass
class ServiceProcess:
    name: str
    port: int
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        ensure_port_free("127.0.0.1", self.port)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", self.name], env=self.env, stdout=log, stderr=log
        )

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no final commit — a crash."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def _listening(self) -> bool:
        """Whether the answer came from this service's own process: a port found free can be
        taken by another process before the service binds it (parallel tests start many), and
        that one would answer /ready instead. Where /proc is missing, the answer is trusted."""
        if self.process is None:
            return False
        return listens(self.process.pid, self.port) is not False

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log_path}")
            try:
                answered = httpx.get(f"{self.url}/ready", timeout=1.0).status_code == 200
            except httpx.HTTPError:
                answered = False
            if answered and self._listening():
                return
            time.sleep(0.1)
        raise TimeoutError(f"{self.name} not ready after {timeout}s; see {self.log_path}")


def listens(pid: int, port: int) -> bool | None:
    """Whether process `pid` holds a socket listening on `port` (any address; Linux /proc);
    None where that cannot be told."""
    tables = [Path(f"/proc/net/{t}") for t in ("tcp", "tcp6")]
    try:
        fds = {_link(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}
        rows = [row for t in tables if t.exists() for row in t.read_text().splitlines()[1:]]
    except OSError:
        return None
    suffix = f":{port:04X}"
    listening = {
        f"socket:[{cols[9]}]"
        for cols in map(str.split, rows)
        if cols[1].endswith(suffix) and cols[3] == "0A"  # 0A: LISTEN
    }
    return bool(listening & fds)


def _link(fd: Path) -> str:
    try:
        return os.readlink(fd)
    except OSError:  # closed meanwhile (the listing's own descriptor, for one)
        return ""


@dataclass
class LocalSystem:
    data_dir: Path
    ports: dict[str, int] = field(default_factory=lambda: dict(SERVICES))
    broker_port: int = 9092
    database_urls: dict[str, str] = field(default_factory=dict)
    extra_env: dict[str, str] = field(default_factory=dict)
    service_env: dict[str, dict[str, str]] = field(default_factory=dict)  # one service's own
    broker: EmbeddedBroker | None = None
    services: dict[str, ServiceProcess] = field(default_factory=dict)

    def start(self) -> LocalSystem:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._development_identity()
        bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
        if not bootstrap:
            self.broker = EmbeddedBroker(self.broker_port).start()
            bootstrap = self.broker.bootstrap_servers
            self.suit_embedded_broker()
        for name, port in self.ports.items():
            self.services[name] = ServiceProcess(
                name, port, self._env(name, port, bootstrap), self.data_dir / f"{name}.log"
            )
        for service in self.services.values():
            service.start()
        for service in self.services.values():
            service.wait_ready()
        return self

    def suit_embedded_broker(self) -> None:
        """The settings for the embedded broker, all services' and some services' own, where
        neither the environment nor `extra_env` gives one."""
        given = {*os.environ, *self.extra_env}
        for name, value in EMBEDDED_BROKER_SETTINGS.items():
            self.extra_env.setdefault(name, os.environ.get(name, value))
        for service, settings in EMBEDDED_SERVICE_SETTINGS.items():
            own = self.service_env.setdefault(service, {})
            for name, value in settings.items():
                if name not in given:
                    own.setdefault(name, value)

    def _development_identity(self) -> None:
        """A local run is a development run: its own token issuer, development secrets."""
        self.extra_env.setdefault("DEVELOPMENT_MODE", os.environ.get("DEVELOPMENT_MODE", "true"))
        issuer_dir = os.environ.get("DEV_ISSUER_DIR", str(self.data_dir / "dev-issuer"))
        self.extra_env.setdefault("DEV_ISSUER_DIR", issuer_dir)
        DevIssuer(self.extra_env["DEV_ISSUER_DIR"]).ensure()

    def _env(self, name: str, port: int, bootstrap: str) -> dict[str, str]:
        default_db = f"sqlite:///{self.data_dir / name}.db"
        return {
            **os.environ,
            **self.extra_env,
            **self.service_env.get(name, {}),
            "PORT": str(port),
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "DATABASE_URL": self.database_urls.get(name, default_db),
        }

    def stop(self) -> None:
        for service in self.services.values():
            service.stop()
        if self.broker is not None:
            self.broker.stop()


def main() -> None:
    system = LocalSystem(Path(os.environ.get("HANDOVER_DATA_DIR", "var")))
    print("starting broker and services …", flush=True)
    try:
        system.start()
        print("Handover is running:")
        broker = system.broker.bootstrap_servers if system.broker else "external"
        print(f"  broker          {broker}")
        for service in system.services.values():
            print(f"  {service.name:<15} {service.url}/docs")
        print(f"logs in {system.data_dir}/*.log — Ctrl-C stops everything", flush=True)
        signal.signal(signal.SIGTERM, _interrupt)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        print("stopping …", flush=True)
        system.stop()


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
