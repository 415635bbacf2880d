"""Date rule sets, one module per language, behind one small interface (``RuleSet``).

A language is added as one module here that defines ``LANGUAGE`` (its code), ``RULES``,
``START_TOKENS`` and ``fold_case`` (see ``RuleSet``) and one line in ``_RULE_SETS``. The
finder knows nothing of any language's words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

from .._rules import DateRule, StartToken
from . import en

__all__ = ["RuleSet", "rule_set", "DEFAULT_LANGUAGE"]

DEFAULT_LANGUAGE = "en"


class RuleSet(Protocol):
    """What the finder needs of a language: its code, its rules in order of preference
    (an earlier rule wins a tie between matches of the same span) and, for rules whose
    matches always begin with one kind of token, where such tokens are in a text."""

    @property
    def LANGUAGE(self) -> str: ...  # noqa: N802 - a module constant satisfies it

    @property
    def RULES(self) -> tuple[DateRule, ...]: ...  # noqa: N802

    @property
    def START_TOKENS(self) -> Mapping[StartToken, re.Pattern[str]]: ...  # noqa: N802

    def fold_case(self, text: str) -> str:
        """``text`` with the dates written in a case the rules do not read (capitals) in one
        they do, every character at the same offset (the finder matches on the result and
        reports the original text)."""
        ...


_RULE_SETS: dict[str, RuleSet] = {en.LANGUAGE: en}


def rule_set(language: str) -> RuleSet:
    """The rule set for ``language``, a language tag such as ``"en"`` or ``"en-GB"`` (case
    and region are ignored). A language that has no rule set yet gets the English one:
    that is how every article was read before rule sets were per language, and it still
    finds the ISO dates and numbered dates of any text. Raises nothing."""
    primary = language.strip().replace("_", "-").split("-")[0].lower()
    return _RULE_SETS.get(primary) or _RULE_SETS[DEFAULT_LANGUAGE]
