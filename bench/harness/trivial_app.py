"""The HTTP ceiling: a FastAPI POST that parses the JSON body and does nothing else, started
the way every service starts (`uvicorn.run(app, host, port, log_config=None)` in one process:
uvloop and httptools when installed, as for the services).

    python -m bench.harness.trivial_app PORT
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI, status

app = FastAPI(title="trivial POST")


@app.post("/v1/discharges", status_code=status.HTTP_202_ACCEPTED)
async def accept(body: dict[str, object]) -> dict[str, str]:
    return {"outcome": "accepted"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_config=None)
