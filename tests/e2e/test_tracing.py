"""One discharge followed through all four services by its trace id (issue 14 section 4).

The services run as processes with the `console` exporter: each ended span is a line of the
service's own JSON log, beside the log lines, so reading the four log files is the proof —
the spans form one tree under the caller's span, and every service logged the discharge with
the caller's trace and correlation ids.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from handover_common.launcher import LocalSystem

from tests.support.identity import HOSPITAL_23
from tests.support.kafka import eventually
from tests.support.people import discharge_body
from tests.support.system import running_system, url

pytestmark = pytest.mark.e2e
SERVICES = ("referral", "responsibility", "billing", "notification")


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSystem]:
    traced = {"OTEL_EXPORTER": "console", "LOG_LEVEL": "INFO"}
    with running_system(tmp_path_factory.mktemp("traced"), extra_env=traced) as running:
        yield running


def entries(system: LocalSystem, service: str) -> list[dict[str, Any]]:
    """Every line of the service's log; each must be one JSON object."""
    text = Path(system.services[service].log_path).read_text()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def spans_of(system: LocalSystem, service: str, trace_id: str) -> list[dict[str, Any]]:
    return [
        e
        for e in entries(system, service)
        if e.get("trace_id") == trace_id and e.get("logger") == "handover_common.spans"
    ]


def consumed(system: LocalSystem, service: str, trace_id: str) -> list[dict[str, Any]]:
    """The consumer's line per applied event in this trace."""
    return [
        e
        for e in entries(system, service)
        if e.get("trace_id") == trace_id and e.get("outcome") == "applied"
    ]


async def test_one_discharge_is_one_trace_through_all_four_services(system: LocalSystem) -> None:
    trace_id, caller_span = secrets.token_hex(16), secrets.token_hex(8)
    correlation = f"trace-test-{secrets.token_hex(4)}"
    headers = {
        **HOSPITAL_23,
        "traceparent": f"00-{trace_id}-{caller_span}-01",
        "X-Correlation-ID": correlation,
    }
    async with httpx.AsyncClient(base_url=url(system, "referral"), timeout=30) as client:
        posted = await client.post("/v1/discharges", json=discharge_body(7), headers=headers)
    assert posted.status_code == 202, posted.text

    def everywhere() -> bool:
        last = {"billing": "responsibility.decided", "notification": "care-request.created"}
        return all(
            any(e["event_type"] == kind for e in consumed(system, name, trace_id))
            for name, kind in last.items()
        )

    await eventually(everywhere, timeout=90)
    await eventually(  # the last consumer spans are written just after their lines
        lambda: all(
            any(s["span_kind"] == "consumer" for s in spans_of(system, name, trace_id))
            for name in SERVICES
        ),
        timeout=10,
    )

    spans = {name: spans_of(system, name, trace_id) for name in SERVICES}
    [intake] = [s for s in spans["referral"] if s["span_kind"] == "server"]
    assert intake["span_name"] == "POST /v1/discharges"
    assert intake["parent_span_id"] == caller_span
    assert intake["attributes"]["http.response.status_code"] == 202

    # one tree: every span's parent is the caller's span or another span of this trace
    known = {s["span_id"] for found in spans.values() for s in found} | {caller_span}
    for name, found in spans.items():
        for span in found:
            assert span["parent_span_id"] in known, (name, span)
    for name in SERVICES[1:]:
        assert any(s["span_kind"] == "consumer" for s in spans[name]), name

    # the hops: intake → responsibility's decision → referral's care request → the rest
    hops = {name: {e["event_type"] for e in consumed(system, name, trace_id)} for name in SERVICES}
    assert "patient.discharged" in hops["responsibility"]
    assert "responsibility.decided" in hops["referral"]
    assert "responsibility.decided" in hops["billing"]
    assert "care-request.created" in hops["notification"]
    for name in SERVICES:
        lines = [e for e in entries(system, name) if e.get("trace_id") == trace_id]
        assert lines, name
        logged = [e for e in lines if e["logger"] != "handover_common.spans"]
        assert logged, f"{name} logged nothing in the trace but its spans"
        assert {e["correlation_id"] for e in logged} == {correlation}, name


def test_the_logs_are_json_without_console_fields(system: LocalSystem) -> None:
    for name in SERVICES:
        lines = entries(system, name)
        assert lines, name
        assert not [e for e in lines if "color_message" in e], name
        assert all({"ts", "level", "service", "message"} <= e.keys() for e in lines), name
