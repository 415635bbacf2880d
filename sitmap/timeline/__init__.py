"""Time: find date expressions in article text and normalise them to day ranges.

``find_dates(text, reference=article_date)`` returns ``sitmap.model.TimeExpr`` objects with
offsets into ``text``. The rules are hand-written regular expressions, one per expression
form, so every reading can be traced to the rule that made it. Each language's vocabulary
and rules are one module, ``_lang/<code>.py`` (only English so far), behind the small
``RuleSet`` interface of ``_lang/__init__.py``; ``find_dates(..., language=...)`` picks one
and falls back to English for a language without its own.
"""

from __future__ import annotations

from ._find import find_dates

__all__ = ["find_dates"]
