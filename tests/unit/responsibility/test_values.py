"""`fast_init` (issue 11): a frozen dataclass built without `object.__setattr__` per field must
behave as the dataclass's own `__init__` does — parameters, defaults, factories, keyword-only
fields, `__post_init__` — and stay frozen."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest
from responsibility.domain.values import fast_init


@fast_init
@dataclass(frozen=True)
class Sample:
    name: str
    count: int = 2
    tags: list[str] = field(default_factory=list)
    hidden: int = field(default=7, init=False)
    note: str = field(default="", kw_only=True)

    def __post_init__(self) -> None:
        if self.count < 0:
            raise ValueError("count")


def test_it_takes_the_same_arguments_and_fills_defaults_and_factories() -> None:
    built = Sample("a", 3, ["x"], note="n")
    assert (built.name, built.count, built.tags, built.hidden, built.note) == (
        "a",
        3,
        ["x"],
        7,
        "n",
    )
    plain = Sample(name="b")
    assert (plain.count, plain.tags, plain.hidden, plain.note) == (2, [], 7, "")
    assert Sample("c").tags is not Sample("c").tags  # a fresh list each time


def test_it_runs_post_init_and_stays_frozen_equal_and_hashable_as_before() -> None:
    with pytest.raises(ValueError, match="count"):
        Sample("a", -1)
    built = Sample("a", note="n")
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.name = "b"  # type: ignore[misc]
    assert built == Sample("a", note="n") != Sample("a")
    assert dataclasses.replace(built, count=5).count == 5
    with pytest.raises(TypeError):
        Sample("a", 1, [], "positional note")  # type: ignore[call-arg]


def test_it_refuses_a_class_that_is_not_a_frozen_dataclass() -> None:
    @dataclass
    class Thawed:
        name: str

    with pytest.raises(AssertionError):
        fast_init(Thawed)


def test_a_field_outside_init_without_a_default_is_left_to_post_init() -> None:
    @fast_init
    @dataclass(frozen=True)
    class Derived:
        base: int
        double: int = field(init=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "double", self.base * 2)

    assert Derived(4).double == 8


def test_a_field_may_have_any_name_the_generated_init_uses_for_itself() -> None:
    @fast_init
    @dataclass(frozen=True)
    class Named:
        d: int
        self: int = 2
        MISSING: list[int] = field(default_factory=list)

    built = Named(1)
    assert (built.d, built.self, built.MISSING) == (1, 2, [])


def test_it_refuses_an_init_var_it_would_not_pass_on() -> None:
    @dataclass(frozen=True)
    class WithInitVar:
        base: int
        scale: dataclasses.InitVar[int]

        def __post_init__(self, scale: int) -> None: ...

    with pytest.raises(AssertionError, match="InitVar"):
        fast_init(WithInitVar)
