"""Seal or unseal the webhook signing secrets stored (adapters/secret_box), with the service's
DATABASE_URL and WEBHOOK_SECRET_KEY. notification seals them itself as it starts; `unseal` is
for a rollback to a release that kept them plain (run it after the last sealing replica stops).

    DATABASE_URL=… WEBHOOK_SECRET_KEY=… python -m notification.entrypoints.sealing unseal
"""

from __future__ import annotations

import argparse

from handover_common.db import make_engine

from notification.adapters.secret_box import SecretBox, seal_stored, unseal_stored
from notification.settings import NotificationSettings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=["seal", "unseal"])
    action = parser.parse_args(argv).action
    settings = NotificationSettings()
    engine = make_engine(settings.resolved_database_url())
    box = SecretBox(settings.webhook_secret_key)
    changed = (seal_stored if action == "seal" else unseal_stored)(engine, box)
    print(f"{action}ed {changed} webhook secrets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
