"""`validator.value.Value` gives the value classes what `@dataclass(frozen=True)` gave them."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest

from validator.config import Collection, Settings
from validator.diagnostic import Diagnostic, Finding, Fix, Span
from validator.model import FileResult, Results
from validator.run.runner import RunResults
from validator.value import Value, replace


def diagnostic(column: int = 1, fix: Fix | None = None) -> Diagnostic:
    return Diagnostic("a.md", 3, column, 3, 9, "FM101", "error", "unknown key", fix)


def test_defaults_positions_and_keywords():
    fix = Fix(("title",), "strip it")
    assert (fix.value, fix.safety, fix.delete, fix.insert_key, fix.after) == (
        None,
        "safe",
        False,
        None,
        None,
    )
    assert Fix(("title",), "strip it", safety="unsafe").safety == "unsafe"
    assert Collection("_games/**", "article").path is None
    assert Settings().select == ("FM",) and Settings().root == Path.cwd()
    assert Settings().options is not Settings().options  # a factory: a fresh one each
    with pytest.raises(TypeError):
        Collection("_games/**")  # `schema` has no default
    with pytest.raises(TypeError):
        Collection("a", "b", None, "one too many")
    with pytest.raises(TypeError):
        Collection("a", "b", glob="twice")
    with pytest.raises(TypeError):
        Collection("a", "b", colour="no such field")


def test_equality_and_hash_skip_the_fields_not_compared():
    assert diagnostic(fix=Fix((), "x")) == diagnostic()  # a Diagnostic's fix is not compared
    assert hash(diagnostic(fix=Fix((), "x"))) == hash(diagnostic())
    assert diagnostic(column=2) != diagnostic()
    assert FileResult("a.md", (), {3: "line"}) == FileResult("a.md", ())  # nor its quoted lines
    assert Span(1, 2, 3, 4) == Span(1, 2, 3, 4) and Span(1, 2, 3, 4) != (1, 2, 3, 4)
    assert Results() != RunResults()  # another class is another value, as with dataclasses
    assert len({Finding("FM101", "m"), Finding("FM101", "m"), Finding("FM102", "m")}) == 2


def test_diagnostics_order_by_position():
    found = [diagnostic(column=5), diagnostic(column=1), diagnostic(column=3)]
    assert [d.column for d in sorted(found)] == [1, 3, 5]
    assert diagnostic(column=1) < diagnostic(column=2) <= diagnostic(column=2)
    assert diagnostic(column=3) > diagnostic(column=2) >= diagnostic(column=2)
    with pytest.raises(TypeError):
        _ = Span(1, 1, 1, 1) < Span(1, 1, 1, 2)  # only an ordered class orders


def test_repr_as_dataclasses_wrote_it():
    assert repr(Span(1, 2, 3, 4)) == "Span(line=1, column=2, end_line=3, end_column=4)"
    assert repr(diagnostic(fix=Fix((), "x"))) == (
        "Diagnostic(path='a.md', line=3, column=1, end_line=3, end_column=9, code='FM101', "
        "severity='error', message='unknown key')"  # the fix is hidden
    )


def test_frozen():
    span = Span(1, 2, 3, 4)
    with pytest.raises(AttributeError):
        span.line = 5
    with pytest.raises(AttributeError):
        del span.line
    with pytest.raises(AttributeError):
        span.other = 1  # no __dict__ either


def test_replace_keeps_the_rest():
    settings = Settings(select=("FM2",))
    changed = replace(settings, ignore=("FM202",))
    assert (changed.select, changed.ignore) == (("FM2",), ("FM202",))
    assert settings.ignore == ()
    with pytest.raises(TypeError):
        replace(settings, colour="red")


def test_pickles_and_copies_as_worker_processes_send_them():
    result = FileResult("a.md", (diagnostic(fix=Fix(("title",), "strip", "x")),), {3: "l"}, (1,))
    back = pickle.loads(pickle.dumps(result))
    assert back == result and back.lines == {3: "l"} and back.facts == (1,)
    assert back.diagnostics[0].fix == result.diagnostics[0].fix
    run = RunResults((result,), (), checked=4, cached=2)
    again = pickle.loads(pickle.dumps(run))
    assert (again.files, again.checked, again.cached) == ((result,), 4, 2)
    assert copy.deepcopy(Settings(select=("FM1",))) == Settings(select=("FM1",))


def test_a_class_must_give_its_slots_as_its_fields():
    with pytest.raises(TypeError):

        class Wrong(Value):
            FIELDS = ("b", "a")
            __slots__ = ("a", "b")  # as a linter sorts them: the positions would change
