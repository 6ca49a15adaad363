"""The ports tests and benchmarks start services on: free, and never one an outgoing
connection can take meanwhile (a CI run once lost a service to "address already in use")."""

from __future__ import annotations

import socket

from handover_common.broker import _ephemeral_start, free_port


def test_a_free_port_is_below_the_ephemeral_range_and_can_be_listened_on() -> None:
    for _ in range(20):
        port = free_port()
        assert 1024 <= port < _ephemeral_start()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))
            sock.listen()
