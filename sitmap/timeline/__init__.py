"""Time: find date expressions in article text and normalise them to day ranges.

``find_dates(text, reference=article_date)`` returns ``sitmap.model.TimeExpr`` objects with
offsets into ``text``. The rules are hand-written regular expressions (``_rules.py``), one per
expression form, so every reading can be traced to the rule that made it.
"""

from __future__ import annotations

from ._find import find_dates

__all__ = ["find_dates"]
