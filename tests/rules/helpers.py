"""Small helpers the rule tests share."""


def edit(text: str, old: str, new: str) -> str:
    """`text` with the one occurrence of `old` replaced (a test's edit must be unambiguous)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def diagnostics(text: str, options=None, now=None) -> tuple:
    """The diagnostics of `text`, with rule options by config key (`{"max-size": 1000}`)."""
    from validator.rules import RuleOptions
    from validator.run.linter import Linter

    return Linter(options=RuleOptions(options or {}, now=now)).lint_text(text).diagnostics
