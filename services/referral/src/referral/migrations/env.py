import referral.adapters.orm  # noqa: F401  (registers the tables)
from handover_common.migrate import run_env
from sqlmodel import SQLModel

run_env(SQLModel.metadata)
