"""Resources (``ctxcore.core.compilation.resources``): how overrides become requests and limits,
and how a decoder reads one quantity. Overrides through a node are in ``test_node.py``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Success

from ctxcore.core.compilation.resources import (
    ResourceEntry,
    ResourceName,
    ResourceRequirements,
    Resources,
    resource_requirements,
    resource_spec_value,
)
from ctxcore.core.errors import NodeError

Quantity = str | int | float
quantities = st.one_of(st.text(max_size=5), st.integers(), st.floats(allow_nan=False))


def test_no_overrides_are_no_requirements() -> None:
    assert resource_requirements("n", None, None, None) is None


def test_requests_or_limits_alone_leave_the_other_empty() -> None:
    cpu = (ResourceEntry(ResourceName.CPU, "1"),)
    assert resource_requirements("n", Resources(cpu=1), None, None) == ResourceRequirements(cpu)
    assert resource_requirements("n", None, Resources(cpu="1"), None) == ResourceRequirements(
        (), cpu
    )
    assert resource_requirements("n", Resources(), Resources(), None) == ResourceRequirements()


def test_empty_resources_are_empty_requirements_not_none() -> None:
    assert resource_requirements("n", None, None, Resources()) == ResourceRequirements()


@given(quantities, quantities, quantities, quantities)
def test_a_pair_is_request_then_limit_and_a_quantity_is_both(
    request: Quantity, limit: Quantity, mem: Quantity, disk: Quantity
) -> None:
    got = resource_requirements(
        "n", None, None, Resources(cpu=(request, limit), mem=mem, ephemeral_storage=(disk, disk))
    )
    assert got == ResourceRequirements(
        requests=(
            ResourceEntry(ResourceName.CPU, str(request)),
            ResourceEntry(ResourceName.MEMORY, str(mem)),
            ResourceEntry(ResourceName.EPHEMERAL_STORAGE, str(disk)),
        ),
        limits=(
            ResourceEntry(ResourceName.CPU, str(limit)),
            ResourceEntry(ResourceName.MEMORY, str(mem)),
            ResourceEntry(ResourceName.EPHEMERAL_STORAGE, str(disk)),
        ),
    )


def test_a_gpu_pair_is_split_too() -> None:
    got = resource_requirements("n", None, None, Resources(gpu=(1, 2)))
    assert got == ResourceRequirements(
        (ResourceEntry(ResourceName.GPU, "1"),), (ResourceEntry(ResourceName.GPU, "2"),)
    )


@pytest.mark.parametrize(
    ("requests", "limits", "resources", "reason"),
    [
        (
            Resources(),
            None,
            Resources(),
            "`resource` can not be used together with the `limits` or `requests`. "
            "Please only set `resource`.",
        ),
        (
            None,
            Resources(),
            Resources(),
            "`resource` can not be used together with the `limits` or `requests`. "
            "Please only set `resource`.",
        ),
        (None, None, {"cpu": "1"}, "resources should be specified as flytekit.Resources"),
        ({"cpu": "1"}, None, None, "requests should be specified as flytekit.Resources"),
        (None, {"cpu": "1"}, None, "limits should be specified as flytekit.Resources"),
    ],
)
def test_what_is_refused_names_the_node_and_why(
    requests: object, limits: object, resources: object, reason: str
) -> None:
    with pytest.raises(NodeError) as raised:
        resource_requirements("n0", requests, limits, resources)
    assert raised.value.reason == reason
    assert str(raised.value) == f"node 'n0': {reason}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("500m", "500m"),
        (2, 2),
        (1.5, 1.5),
        (["1", 2], ("1", 2)),
        ((0.5, "1Gi"), (0.5, "1Gi")),
    ],
)
def test_a_quantity_or_a_pair_is_read_as_it_is(value: object, expected: object) -> None:
    assert resource_spec_value(value) == Success(expected)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (True, "expected a string, a number or a [request, limit] pair, got bool"),
        ({"a": 1}, "expected a string, a number or a [request, limit] pair, got dict"),
        ([], "expected a [request, limit] pair, got 0 items"),
        (["1"], "expected a [request, limit] pair, got 1 items"),
        (("1", "2", "3"), "expected a [request, limit] pair, got 3 items"),
        ([True, "1"], "expected a [request, limit] pair of strings or numbers"),
        (["1", False], "expected a [request, limit] pair of strings or numbers"),
        (["1", None], "expected a [request, limit] pair of strings or numbers"),
        ([["1"], "1"], "expected a [request, limit] pair of strings or numbers"),
    ],
)
def test_anything_else_is_a_failure_saying_what_is_wrong(value: object, reason: str) -> None:
    assert resource_spec_value(value) == Failure(reason)


def test_a_wrong_type_is_named_in_the_decoder_s_words() -> None:
    got = resource_spec_value(object(), describe=lambda value: f"<{type(value).__name__}>")
    assert got == Failure("expected a string, a number or a [request, limit] pair, got <object>")
