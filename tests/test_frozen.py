"""`frozen` classes behave as `@dataclass(frozen=True, slots=True)` ones do."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aicompete.frozen import attribute_names, from_rows, frozen, to_rows
from aicompete.knowledge.models import ID_PATTERN, LARGEST, KnowledgeBase, Money


@frozen
class Sample:
    """Three kinds of field: required, defaulted and made by a factory."""

    name: str
    count: int = 0
    tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)


@dataclasses.dataclass(frozen=True, slots=True)
class Standard:
    """The same fields, made by the standard library."""

    name: str
    count: int = 0
    tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)


values = st.tuples(st.text(), st.integers(), st.lists(st.text(), max_size=3).map(tuple))


@given(values, values)
def test_equality_hash_and_repr_match_the_standard_library(
    first: tuple[Any, ...], second: tuple[Any, ...]
) -> None:
    ours = Sample(*first), Sample(*second)
    theirs = Standard(*first), Standard(*second)
    assert (ours[0] == ours[1]) == (theirs[0] == theirs[1])
    assert hash(ours[0]) == hash(theirs[0])
    assert repr(ours[0]).removeprefix("Sample") == repr(theirs[0]).removeprefix("Standard")
    assert dataclasses.astuple(ours[0]) == dataclasses.astuple(theirs[0])


def test_instances_cannot_be_changed() -> None:
    sample = Sample("a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample.name = "b"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del sample.count
    with pytest.raises(AttributeError):
        object.__getattribute__(sample, "__dict__")
    assert sample == Sample("a", 0, ())


def test_is_a_dataclass_with_slots() -> None:
    assert [field.name for field in dataclasses.fields(Sample)] == ["name", "count", "tags"]
    assert vars(Sample)["__slots__"] == ("name", "count", "tags")
    assert Sample.__match_args__ == ("name", "count", "tags")
    assert dataclasses.replace(Sample("a", 2), count=3) == Sample("a", 3)
    assert dataclasses.asdict(Sample("a", tags=("x",))) == {
        "name": "a",
        "count": 0,
        "tags": ("x",),
    }
    # Like a generated __eq__: another class's instance with the same values is not equal.
    assert Sample("a").__eq__(Standard("a")) is NotImplemented
    assert dataclasses.is_dataclass(Sample)


def test_arguments_are_checked_like_a_generated_init() -> None:
    assert Sample(name="a", tags=("t",)) == Sample("a", 0, ("t",))
    with pytest.raises(TypeError, match="missing required argument 'name'"):
        Sample()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="takes 3 positional arguments, 4 given"):
        Sample("a", 1, (), "extra")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="multiple values for argument 'name'"):
        Sample("a", name="b")  # type: ignore[misc]
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        Sample("a", colour="red")  # type: ignore[call-arg]


def test_each_instance_gets_its_own_factory_value() -> None:
    @frozen
    class Holder:
        items: list[int] = dataclasses.field(default_factory=list)

    first, second = Holder(), Holder()
    first.items.append(1)
    assert second.items == []


def test_undocumented_class_is_documented_by_its_fields() -> None:
    @frozen
    class Bare:
        left: int
        right: int

    assert Bare.__doc__ == "Bare(left, right)"


@given(values)
def test_pickle_and_copy_round_trip(value: tuple[Any, ...]) -> None:
    sample = Sample(*value)
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(sample, protocol=protocol)) == sample
    assert copy.copy(sample) == sample
    assert copy.deepcopy(sample) == sample


def test_pydantic_validates_records_with_their_bounds() -> None:
    from pydantic import TypeAdapter, ValidationError

    money = TypeAdapter(Money).validate_json('{"value": 5, "currency": "CNY"}', strict=True)
    assert money == Money(5, "CNY")
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        TypeAdapter(Money).validate_json('{"value": -5, "currency": "CNY"}', strict=True)
    schema = TypeAdapter(KnowledgeBase).json_schema()
    source_id = schema["$defs"]["Source"]["properties"]["id"]
    assert (source_id["pattern"], source_id["maxLength"]) == (ID_PATTERN, 100)
    value = schema["$defs"]["Money"]["properties"]["value"]
    assert (value["minimum"], value["maximum"]) == (0, LARGEST)
    assert source_id["description"] == "Unique id of the source, cited by every fact's `source`."


@given(st.lists(values, max_size=5))
def test_records_made_from_rows_equal_records_made_by_init(rows: list[tuple[Any, ...]]) -> None:
    made = from_rows(Sample, rows)
    assert made == tuple(Sample(*row) for row in rows)
    assert to_rows(made, attribute_names(Sample)) == rows
    assert all(type(item) is Sample for item in made)


def test_rows_of_the_wrong_width_are_refused() -> None:
    with pytest.raises(ValueError, match="the 3 fields of Sample"):
        from_rows(Sample, [("a", 1, ()), ("b", 2)])
