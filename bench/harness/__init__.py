"""The benchmark harness behind `make bench` (bench/run.py): ceilings, load generators, the
running system on SQLite and PostgreSQL, and the report."""
