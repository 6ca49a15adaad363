# Two commands: `make run` starts everything on embedded defaults, `make test` checks everything.
SHELL := /bin/bash
PYTHON ?= python3
UV := .tools/bin/uv
VENV := .venv/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(shell $(PYTHON) -c 'import sys; print(sys.executable)')

.PHONY: setup run test lint typecheck unit integration e2e schemas bench clean token faults chromium

setup: .venv/.synced

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==0.13.9

.venv/.synced: $(UV) uv.lock pyproject.toml libs/*/pyproject.toml services/*/pyproject.toml
	$(UV) sync --frozen
	touch $@

run: setup
	$(VENV)/python -m handover_common.launcher

# A development token for `make run`: make -s token ORG=municipality:2380 ROLE=municipal-nurse
token: setup
	@$(VENV)/python -m handover_common.access.dev_issuer --org "$(ORG)" --role "$(ROLE)"

# Test files run in parallel (each worker has its own broker and databases): most tests wait on
# the broker or a clock, so three workers share two cores well. TEST_WORKERS=0 runs in one.
TEST_WORKERS ?= 3
test: setup chromium lint typecheck
	$(VENV)/pytest -n $(TEST_WORKERS) --dist loadfile

# The dashboard's browser test (tests/browser) drives Debian's headless Chromium through its
# chromedriver; both come from Debian's packages when missing (no browser download).
chromium:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get install -y chromium chromium-driver \
		|| ($$SUDO apt-get update && $$SUDO apt-get install -y chromium chromium-driver); }

lint: setup
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .

typecheck: setup
	$(VENV)/mypy libs/contracts/src libs/common/src services/*/src bench tests

# The whole fault suite on PostgreSQL (issue 10): each service killed, poison, database outages,
# conflicting answers, two replicas; `make test` runs only the quick scenarios.
faults: setup
	HANDOVER_FAULTS=all $(VENV)/pytest -s tests/faults

unit: setup
	$(VENV)/pytest tests/unit

# The event schemas and AsyncAPI document (libs/contracts), and each service's OpenAPI document
# (docs/openapi): tests fail when they drift from the code.
schemas: setup
	$(VENV)/python -m handover_contracts.schemas
	UPDATE_OPENAPI_DOCUMENTS=1 $(VENV)/pytest -q -p no:randomly \
		tests/integration/test_openapi_documents.py -k committed_document

# Benchmarks (issue 11): writes bench/results.md, each figure beside a ceiling from the same run.
# `make bench QUICK=1` is a smoke run of about two minutes; BENCH_ARGS passes flags to
# bench/run.py (bench/README.md). wrk comes from Debian's packages when missing.
bench: setup
	@command -v wrk >/dev/null || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get install -y wrk || ($$SUDO apt-get update && $$SUDO apt-get install -y wrk); }
	$(VENV)/python -m bench.run $(if $(QUICK),--quick) $(BENCH_ARGS)

clean:
	rm -rf .venv .tools var .mypy_cache .ruff_cache .pytest_cache
