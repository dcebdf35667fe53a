# The README names these targets.
.PHONY: run test lint bench

run:  ## set up and run the platform (quick start: SQLite, embedded broker, one worker)
	scripts/run.sh

test:  ## set up and run the whole test suite
	scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

bench:  ## cold sandbox vs warm engine, side by side
	scripts/setup_venv.sh requirements.txt && .venv/bin/python benchmarks/grading.py
