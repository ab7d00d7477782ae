"""The one `$ref` / JSON Pointer resolver (hover uses it; the compiled checker can)."""

import pytest

from validator.schema.pointer import Unresolvable, resolve, resolve_ref, unescape

SCHEMA = {
    "$defs": {"provider": {"title": "Provider"}, "a/b": {"x": 1}, "m~n": [10, 20]},
    "items": [{"title": "first"}],
}


def test_local_refs_and_pointers():
    assert resolve_ref(SCHEMA, "#/$defs/provider") == {"title": "Provider"}
    assert resolve_ref(SCHEMA, "#") is SCHEMA
    assert resolve(SCHEMA, "") is SCHEMA
    assert resolve(SCHEMA, "/items/0/title") == "first"
    assert resolve_ref(SCHEMA, "#/$defs/a~1b/x") == 1
    assert resolve_ref(SCHEMA, "#/$defs/m~0n/1") == 20
    assert resolve_ref(SCHEMA, "#/%24defs/provider") == {"title": "Provider"}
    assert unescape("~01") == "~1"  # `~1` is replaced first, so `~01` stays a literal `~1`


@pytest.mark.parametrize(
    "ref",
    [
        "other.json#/a",
        "#item",
        "#/$defs/missing",
        "#/items/1",
        "#/items/x",
        "#/$defs/provider/title/x",
    ],
)
def test_what_does_not_resolve_says_so(ref):
    with pytest.raises(Unresolvable):
        resolve_ref(SCHEMA, ref)
    assert issubclass(Unresolvable, LookupError)
