"""Scale-out across hosts, for real: benchmarks/scaleout.py --quick builds four hosts as network namespaces
(database and broker, web, two workers) and cuts one worker host off mid-grading. Every submission must
be graded exactly once, the other host taking over what the cut one held."""

import os
import shutil

import pytest

from support import IN_CI, run_quick_suite

pytestmark = [pytest.mark.slow, pytest.mark.worker]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    if os.geteuid() != 0 or not shutil.which("ip"):
        if IN_CI:
            pytest.fail("CI=true but network namespaces cannot be made here (needs root and iproute2)")
        pytest.skip("needs root and iproute2 for network namespaces")
    out = tmp_path_factory.mktemp("scaleout") / "results.json"
    return run_quick_suite("scaleout.py", out)


def test_every_submission_is_graded_exactly_once_across_hosts_even_with_one_cut_off(results):
    assert set(results["results"]) == {"one worker host", "two worker hosts", "w2 cut off mid-grading"}
    for phase, row in results["results"].items():
        assert row["submitted"] > 0, phase
        assert (row["graded"], row["stuck"]) == (row["submitted"], 0), phase
    assert results["attempts_match"]
