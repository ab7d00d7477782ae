"""Small helpers the rule tests share."""


def edit(text: str, old: str, new: str) -> str:
    """`text` with the one occurrence of `old` replaced (a test's edit must be unambiguous)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)
