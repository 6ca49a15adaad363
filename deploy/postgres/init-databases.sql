-- One database per service (each service owns its schema and runs its own Alembic migrations).
-- The postgres image runs this once, as POSTGRES_USER, when the data volume is first
-- initialised; to re-run it, remove the volume (`docker compose down -v`).
CREATE DATABASE referral;
CREATE DATABASE responsibility;
CREATE DATABASE billing;
CREATE DATABASE notification;
