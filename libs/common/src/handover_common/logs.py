"""Structured JSON logs: one object a line, with the service, the correlation id and, inside a
span, the trace and span ids (a line about another span — an event after its batch committed,
an exported span — names its own in `extra`, which wins)."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from handover_common.context import correlation_id
from handover_common.tracing import current_log_ids

_STANDARD = {*vars(logging.makeLogRecord({})), "message", "asctime", "taskName"}
CONSOLE_ONLY = frozenset({"color_message"})
"""Extras meant for a terminal: uvicorn's `color_message` is its message with ANSI colours."""
_LEFT_OUT = _STANDARD | CONSOLE_ONLY


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str):
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "service": self._service,
            "logger": record.name,
            "message": record.getMessage(),
            "correlation_id": correlation_id.get(),
        }
        ids = current_log_ids()
        if ids is not None:
            entry["trace_id"], entry["span_id"] = ids
        entry.update({k: v for k, v in vars(record).items() if k not in _LEFT_OUT})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "aiokafka"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("aiokafka").setLevel("WARNING")
