import referral.adapters.deadline_tables
import referral.adapters.followup_tables
import referral.adapters.orm
from handover_common.migrate import run_env
from sqlmodel import SQLModel

# importing the table modules registers every table on SQLModel.metadata
_TABLES = (
    referral.adapters.orm,
    referral.adapters.followup_tables,
    referral.adapters.deadline_tables,
)
run_env(SQLModel.metadata)
