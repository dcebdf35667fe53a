# The README names these targets.
.PHONY: run test lint bench bench-gradebook bench-run bench-wall bench-quickstart faults scaleout

run:  ## set up and run the platform (quick start: SQLite, embedded broker, one worker)
	scripts/run.sh

test:  ## set up and run the whole test suite
	scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

bench:  ## cold sandbox vs warm engine, side by side
	scripts/setup_venv.sh requirements.txt && .venv/bin/python benchmarks/grading.py

bench-gradebook:  ## a 500 learners × 20 items gradebook (page and CSV) in a throwaway SQLite database
	scripts/setup_venv.sh requirements.txt && .venv/bin/python benchmarks/gradebook.py

bench-wall:  ## the reference solutions' wall time (p50, p99) against the default wall limit
	scripts/setup_venv.sh requirements.txt && .venv/bin/python benchmarks/wall_limits.py

bench-quickstart:  ## the quick start (make run) in a throwaway folder: Submit→verdict p50 and p95, beside Redis
	scripts/setup_venv.sh requirements.txt && .venv/bin/python benchmarks/quickstart.py

bench-run:  ## the Run button in Chromium against a live cluster: click → result shown, p50 and p95 (root)
	scripts/setup_venv.sh requirements-dev.txt && .venv/bin/python benchmarks/run_button.py

faults:  ## fault injection: a real cluster (PostgreSQL, Redis, gunicorn, two workers) broken mid-burst
	scripts/setup_venv.sh requirements.txt && .venv/bin/python benchmarks/faults.py

scaleout:  ## four hosts as network namespaces (root): throughput with one and two worker hosts, one cut off
	scripts/setup_venv.sh requirements.txt && .venv/bin/python benchmarks/scaleout.py
