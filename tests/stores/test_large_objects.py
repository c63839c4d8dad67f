"""Large objects through the local S3 server (moto's) keep a provider's memory bounded: the
bound of benchmark W13, measured the same way (``benchmarks/w13_large_objects.py``: the
transfers in a fresh interpreter, the server in this one, so that only the provider's memory is
counted), on objects small enough for the test suite.

Why smaller objects show the same bound: what a transfer holds does not grow with the object
(two copies of each upload part in flight; downloads stream), so the bound for 1 GiB is the
bound for any size. The sizes are chosen where the old settings were worst: 48 MiB went to S3 in
one request (under two 25 MiB parts, held twice: ~96 MiB), and 256 MiB went in ten 25 MiB parts
at once (~500 MiB) and came back in 50 MiB ranges read whole (~280 MiB).
"""

from __future__ import annotations

import sys

import pytest
from benchmarks.w13_large_objects import TARGET_GROWTH_MIB, measure_in_fresh_process

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self for the peak"),
]


@pytest.mark.parametrize("size_mib", [48, 256])
def test_a_large_object_moves_within_the_memory_bound(s3_endpoint: str, size_mib: int) -> None:
    figures = measure_in_fresh_process(s3_endpoint, size_mib * 2**20)
    assert figures["round_trip_whole"] is True
    assert figures["put_growth_mib"] <= TARGET_GROWTH_MIB, figures
    assert figures["get_growth_mib"] <= TARGET_GROWTH_MIB, figures
