"""The ranked readings of one toponym of an article, for the "choose another place" list:
the geoparser's choice first, then its alternatives, each with its score."""

from __future__ import annotations

from typing import Protocol

from sitmap.geoparse._parser import ParseContext, default_geoparser
from sitmap.model import Article, Candidate, Toponym

__all__ = ["ArticleParser", "CandidateRanker"]


class ArticleParser(Protocol):
    """What ranking needs of a geoparser (:class:`~sitmap.geoparse.Geoparser` is one)."""

    def parse(self, text: str, *, context: ParseContext) -> list[Toponym]:
        """The toponyms found in ``text``."""
        ...


class CandidateRanker:
    """Ranks the readings of an article's toponyms, parsing the article once: the analyst
    usually checks several toponyms of the article in front of them, so the last article
    parsed (per geoparser) is kept until :meth:`forget`."""

    def __init__(self) -> None:
        self._parsed: dict[tuple[str, int], list[Toponym]] = {}

    def rank(
        self, article: Article, start: int, *, geoparser: ArticleParser | None = None
    ) -> list[Candidate]:
        """The readings of the toponym of ``article`` that starts at ``start``: the
        geoparser's choice first, then its alternatives. ``geoparser`` defaults to
        :func:`~sitmap.geoparse.default_geoparser`. Returns ``[]`` when the geoparser finds
        no toponym starting there."""
        for toponym in self._parse(article, geoparser):
            if toponym.start == start:
                return [Candidate(toponym.place, toponym.score), *toponym.alternatives]
        return []

    def article_places(
        self, article: Article, *, geoparser: ArticleParser | None = None
    ) -> list[Candidate]:
        """Every place the geoparser read in ``article``, in text order, each once (with
        the score of its first reading): what a row that took its place from another
        sentence may be moved to."""
        seen: set[str] = set()
        found: list[Candidate] = []
        for toponym in self._parse(article, geoparser):
            if toponym.place.id not in seen:
                seen.add(toponym.place.id)
                found.append(Candidate(toponym.place, toponym.score))
        return found

    def _parse(self, article: Article, geoparser: ArticleParser | None) -> list[Toponym]:
        if geoparser is None:
            geoparser = default_geoparser()
        key = (article.id, id(geoparser))
        if key not in self._parsed:
            context = ParseContext(title=article.title, dateline=article.dateline_place)
            self._parsed = {key: geoparser.parse(article.text, context=context)}
        return self._parsed[key]

    def forget(self) -> None:
        """Drop the kept parse (its article was removed)."""
        self._parsed.clear()
