# The README names these targets.
.PHONY: run test lint

run:  ## set up and run the platform (quick start: SQLite, embedded broker, one worker)
	scripts/run.sh

test:  ## set up and run the whole test suite
	scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
