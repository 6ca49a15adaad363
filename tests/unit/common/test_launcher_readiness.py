"""The launcher counts a service ready only when the answer on its port comes from its own
process: a port found free can be taken by another process (parallel tests start many
systems) before the service binds it, and that process would answer /ready instead."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from handover_common.launcher import listens

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="Linux /proc")


def test_a_process_is_known_to_listen_on_its_own_port_only() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        try:
            assert listens(os.getpid(), port) is True
            assert listens(other.pid, port) is False  # someone else's port
        finally:
            other.kill()
            other.wait()
    assert listens(os.getpid(), port) is False  # closed: nobody listens
