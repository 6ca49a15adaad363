"""Progress lines on stdout while the benchmark runs."""

from __future__ import annotations

import time


class Log:
    def __init__(self) -> None:
        self.began = time.monotonic()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.began

    def __call__(self, text: str) -> None:
        print(f"[{self.elapsed:6.1f} s] {text}", flush=True)
