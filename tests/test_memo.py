"""The memo of the extraction's hot paths: a pure function's values, computed once per key."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quoteattr.memo import Memo, per_object


@given(st.lists(st.integers(-50, 50), max_size=60))
def test_a_memo_gives_the_function_value_computing_each_key_once(keys):
    calls: list[int] = []

    def square(k: int) -> int:
        calls.append(k)
        return k * k

    memo = Memo(square)
    assert [memo[k] for k in keys] == [k * k for k in keys]
    assert sorted(calls) == sorted(set(keys))


def test_a_memo_with_a_limit_forgets_all_when_full_and_still_answers():
    memo = Memo(lambda k: -k, limit=3)
    assert [memo[k] for k in (1, 2, 3)] == [-1, -2, -3] and len(memo) == 3
    assert memo[4] == -4 and dict(memo) == {4: -4}
    assert memo[1] == -1 and len(memo) == 2


def test_per_object_builds_once_for_the_same_object_and_again_for_another():
    built: list[object] = []

    def build(obj):
        built.append(obj)
        return [obj]

    get = per_object(build)
    a, b = {"vocab": 1}, {"vocab": 1}  # equal, but not the same object
    first = get(a)
    assert get(a) is first and built == [a]
    assert get(b) == first and get(b) is not first and built == [a, b]
    assert get(a) is not first and len(built) == 3  # one slot: a is built again after b
