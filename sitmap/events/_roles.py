"""Place roles: ``dateline``, ``mention`` or ``event`` for each place named in a passage
(see :func:`passage_roles`), from the regular expressions below."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

from sitmap.events._rules import CaselessPattern
from sitmap.ingest._dateline import dateline_span
from sitmap.model import Article, Toponym

__all__ = [
    "ORIGIN_BEFORE", "only_origin", "only_passed_through", "opinion_quotes", "passage_roles",
]


_TERMINAL: Final = tuple(".!?…:;\"'”’)]")
_HEADING_MAX: Final = 160
_REFERENCE_NOTE: Final = re.compile(r"^\[\d+\]")
# A place that only locates another place is background, not where things happen:
# "a 1,700 km border with Xinjiang", "a town in southern Kazakhstan", "30 km north of Gao"
# (not "in the north of Mali": a part of the place is where it happens).
_DESCRIBED_BEFORE: Final = CaselessPattern(
    r"(?:border(?:s|ing)?\s+(?:with\s+)?|(?<!\bthe\s)(?:north|south|east|west)\s+of\s+|"
    r"\b(?:town|city|village|port|region|province|capital|country|district)\s+"
    r"(?:in|on)\s+(?:the\s+)?(?:\w+ern\s+|central\s+)?)$",
)
# "Kazakhstan's largest city, Almaty": the country only locates the city.
_LOCATOR_AFTER: Final = re.compile(
    r"^['’]s\s+(?:\w+\s+){0,2}?(?:city|town|port|capital|region|province|village|district)\b",
    re.IGNORECASE,
)
# A name introduced as the place where something happens: "in Almaty", "into the southern
# city of Taraz", "in Kazakhstan's largest city, Almaty" (apposition after a place noun).
_SITE_BEFORE: Final = CaselessPattern(
    r"(?:\b(?:in|at|near|into|across|throughout|outside|inside|around)\s+"
    r"(?:[\w’'-]+\s+){0,4}?(?:of\s+)?|"
    r"\b(?:city|town|capital|region|province|village|port)\s*,\s*)$",
)
# Between two names of one list: "Belarus, Georgia and Ukraine".
_CONTINUES: Final = re.compile(r"^(?:\s*,\s*|\s*,?\s+(?:and|or)\s+)$")
# A list of this many countries is a roll call (members, precedents), not where things
# happen - unless a site word leads straight into it: "protests in Kazakhstan, Kyrgyzstan
# and Uzbekistan" (not "uprisings in the former Soviet states of Belarus, ...").
_LIST_MIN: Final = 3
_LIST_SITE_BEFORE: Final = CaselessPattern(
    r"\b(?:in|at|across|throughout)\s+(?:both\s+|all\s+of\s+|each\s+of\s+)?$"
)
# A name that only qualifies something else: part of a compound word ("a Moscow-led pact",
# "a U.S.-based group"), the first word of an organisation or outlet ("the Moscow Times",
# "US Department of State") or a title ("Armenia Prime Minister Nikol Pashinyan").
_QUALIFIES_AFTER: Final = re.compile(
    r"^(?:-[A-Za-z]|\s+(?:Times|Post|Herald|News|Daily|Journal|Tribune|Gazette|Telegraph|"
    r"Today|Press|Radio|Television|TV|Broadcasting|Council|Committee|Ministry|Department|"
    r"University|Institute|Agency|Foundation|Center|Centre|Airlines|Airways|Bank|Service|"
    r"Federation|Bureau|Commission|Office)\b|"
    r"\s+(?i:president|prime\s+minister|foreign\s+minister|minister|premier|leader|"
    r"ambassador|envoy|spokes\w*)\b)"
)
# The last word of a brand before the name: "Telegram channel, Sputnik Kazakhstan", "Radio
# Free Europe". A capitalised word right before a name is part of a proper name unless it
# opens the sentence or is one of these (function words and compass words stay outside).
_CAPITALISED_BEFORE: Final = re.compile(r"(?<![.!?:;\n]\s)(?<!^)\b([A-Z][\w’'-]*)\s$")
# (A country's possessive is no brand: "in southern Laos's Attapeu province", "Iran's
# Lorestan province" name where it happens; session 17.)
_POSSESSIVE: Final = ("'s", "’s")
# But after a town and "in" the region only locates the town: "Mai Mahiu in Kenya's Rift
# Valley", "Gore, in Chad's Logone Oriental".
_TOWN_IN_BEFORE: Final = re.compile(
    r"[A-Z][\w’'-]*,?\s+in\s+(?:the\s+)?(?:\w+ern\s+|central\s+)?[A-Z][\w’'-]*['’]s\s$")
_NOT_A_BRAND: Final = frozenset(re.findall(r"\w+",
    "In At On To From The A An And But Or Of For With By Near Into Across Throughout "
    "Outside Inside Around Through Via Over Under After Before Since Until While "
    "North South East West Northern Southern Eastern Western Central Greater Upper Lower "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
))
# A place only named as where people or goods came from ("search teams from X", "flown in
# from X", "workers from X", "refugees from X"): the happening is where they arrived or what
# they did, not at X (session 16: 27 of 35 such rows were wrong, in all ten annotated
# sets). Not a distance ("40 km from X", "a mile from X"), which locates the happening
# near X. Shared with the review's reason (``_review``), so the two say the same.
ORIGIN_BEFORE: Final = CaselessPattern(
    r"(?<!km\s)(?<!kilometres\s)(?<!kilometers\s)(?<!miles\s)(?<!mile\s)(?<!metres\s)"
    r"(?<!meters\s)(?<!away\s)\bfrom\s+(?:the\s+)?$"
)
# "Live updates from X, where students fought police": a where-clause tells a happening at
# the place, so it is no mere origin.
_WHERE_AFTER: Final = re.compile(r"\s*,\s*where\b")
# The later names of a list after "from": "teams from Italy, Greece and Kosovo".
_ORIGIN_LIST: Final = re.compile(
    r"\b[Ff]rom\s+(?:the\s+)?(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
    r"(?:\s*,\s*|\s*,?\s+(?:and|or)\s+)){1,5}$"
)


def only_origin(before: str, after: str) -> bool:
    """Whether a name with the text ``before`` and ``after`` it is only named as where people
    or goods came from (``ORIGIN_BEFORE``, or a later name of a list after "from"), with no
    where-clause after it."""
    return (ORIGIN_BEFORE.found_in(before) or _ORIGIN_LIST.search(before) is not None) and (
        _WHERE_AFTER.match(after) is None)


# Where a flight, ship or convoy was sent instead is only its new destination: the happening
# (an airport closed, a port shut) is where it was bound ("All flights at Mitiga were
# diverted to Misrata", "a flight from Cairo was diverted to Aden": session 17, counted in
# bl16, ih19 and wt-lb20's fresh set).
_DIVERTED_BEFORE: Final = CaselessPattern(
    r"\b(?:diverted|rerouted|re-routed|redirected)\s+(?:instead\s+)?to\s+(?:the\s+)?$"
)


def only_passed_through(text: str, toponym: Toponym) -> bool:
    """Whether ``toponym`` is only named as where people or goods came from
    (:func:`only_origin`) or where a flight was diverted to: a sentence naming no other
    place tells a happening elsewhere (the story's place)."""
    before = text[max(0, toponym.start - 40) : toponym.start]
    return _DIVERTED_BEFORE.found_in(before) or only_origin(
        before, text[toponym.end : toponym.end + 12])


# Where someone lives or something is based describes them, not a happening there.
_RESIDENCE_BEFORE: Final = CaselessPattern(
    r"\b(?:living|lives|lived|based|born|raised|residing|resident|headquartered|"
    r"exiled|stationed)\s+(?:in|at)\s+(?:the\s+)?$"
)
# The seat of a speaker's organisation describes the speaker, not a happening there: "a
# spokeswoman for the UN rights office in Geneva", "an official at the agency's headquarters
# in Rome" (session 14).
_SEAT_BEFORE: Final = CaselessPattern(
    r"\b(?:spokes\w*|officials?|representatives?|envoys?|director|head|chief|staff)\s+"
    r"(?:for|of|at|from)\s+(?:the\s+|an?\s+)?(?:[\w’'-]+\s+){0,5}?(?:office|offices|"
    r"headquarters|bureau|agency|mission|secretariat|delegation)\s+in\s+$"
)
# A clause saying nothing happened at its place: "flights at X were not affected", "in X
# shops opened as usual and there were no reports of protests", "the port of X was
# unaffected" (session 14). Not "no one was hurt": that denies a toll, not the happening.
_NOTHING_HAPPENED: Final = CaselessPattern(
    r"\b(?:(?:was|were|is|are|been|remained|stayed)\s+(?:not\s+|largely\s+)?"
    r"(?:unaffected|undamaged|unharmed|calm|untouched)|"
    r"(?:was|were|is|are|been)\s+not\s+(?:affected|damaged|disrupted|hit)|"
    r"no\s+reports?\s+of|as\s+usual|as\s+normal)\b"
)
# What ends the clause around a name for _NOTHING_HAPPENED: a contrast or a new clause.
_CLAUSE_CUT: Final = re.compile(r";|,?\s+(?:but|while|whereas|although|though|yet)\s+")
# A quotation saying what someone thinks, fears or expects (a modal or opinion word in it)
# is opinion: the places in it are talked about, not where something happened. A quoted
# report of a happening ("Troops opened fire in Almaty," a resident said) has none.
_QUOTE: Final = re.compile(r"“[^”\n]*”?|\"[^\"\n]*\"?")
_OPINION: Final = CaselessPattern(
    r"\b(?:will|would|might|may|could|should|must|can|worry|worries|worried|think|thinks|"
    r"believe|believes|fear|fears|hope|hopes|want|wants|need|needs|probably|likely|"
    r"perhaps|seems?|viewed|seen\s+as|considers?)\b"
)


def opinion_quotes(text: str) -> list[tuple[int, int]]:
    """The spans of the quotations in ``text`` that voice an opinion (see ``_OPINION``); a
    quotation left open runs to the end of its line."""
    if "“" not in text and '"' not in text:
        return []
    return [m.span() for m in _QUOTE.finditer(text) if _OPINION.found_in(m.group())]


def _background(text: str, named: list[Toponym], start: int,
                opinions: Sequence[tuple[int, int]]) -> list[bool]:
    """Which names of one passage only qualify, list or quote (mentions whatever precedes
    them): a roll call of ``_LIST_MIN`` or more countries not led into by a site word; a
    name inside a compound word, an organisation's, outlet's or title's name
    (``_QUALIFIES_AFTER``, ``_CAPITALISED_BEFORE``); a place of residence ("a Kazakh
    living in Moscow"); where flights were diverted to ("diverted to Misrata"); a place
    only named as an origin ("teams from X", :func:`only_origin`);
    a name inside a quotation of opinion."""
    flags = [False] * len(named)
    # Runs of names joined as one list.
    run = [0]
    for i in range(1, len(named) + 1):
        if i < len(named) and _CONTINUES.match(text[named[i - 1].end : named[i].start]):
            run.append(i)
            continue
        countries = [j for j in run if named[j].place.kind == "country"]
        if len(countries) >= _LIST_MIN and len(countries) == len(run):
            lead = text[max(start, named[run[0]].start - 40) : named[run[0]].start]
            if not _LIST_SITE_BEFORE.found_in(lead):
                for j in run:
                    flags[j] = True
        run = [i]
    for i, toponym in enumerate(named):
        if flags[i]:
            continue
        before = text[max(start, toponym.start - 40) : toponym.start]
        brand = _CAPITALISED_BEFORE.search(before)
        flags[i] = bool(
            _QUALIFIES_AFTER.match(text[toponym.end : toponym.end + 40])
            or (brand and brand.group(1).title() not in _NOT_A_BRAND
                and not (brand.group(1).endswith(_POSSESSIVE)
                         and _TOWN_IN_BEFORE.search(before) is None))
            or _RESIDENCE_BEFORE.found_in(before)
            or _DIVERTED_BEFORE.found_in(before)
            or only_origin(before, text[toponym.end : toponym.end + 12])
            or _SEAT_BEFORE.found_in(text[max(start, toponym.start - 100) : toponym.start])
            or (opinions and any(a < toponym.start and toponym.end <= b for a, b in opinions))
        )
    return flags


@lru_cache(maxsize=8)
def _dateline_at(text: str) -> tuple[int, int] | None:
    """Where the text's own dateline is (:func:`dateline_span`), read once per article."""
    return dateline_span(text)


def _in_dateline(text: str, at: int) -> bool:
    """True if offset ``at`` lies in the text's dateline, or the text has none of its own
    (the dateline place came from elsewhere): a paragraph that opens with the dateline's
    city ("Arequipa hospitals treated ...") is body text, not the dateline."""
    span = _dateline_at(text)
    return span is None or span[0] <= at < span[1]


def passage_roles(article: Article, named: list[Toponym], start: int, category: str,
           opinions: Sequence[tuple[int, int]] = (), *, end: int | None = None,
           stated: bool | None = None) -> list[str]:
    """``dateline``, ``mention`` or ``event`` for each place named in one passage.

    * dateline: the name opens its line and is the article's dateline place
      ("Tbilisi, Jan 7, 2022"; "MOSCOW (Reuters) - ...").
    * mention, for what only frames or describes:
      a demonym ("Russian troops": who acts, not where);
      a name in a heading line (a short line without closing punctuation: the title block
      only frames what the body reports, with dates) or in a reference note (a line opening
      with "[1]"); given the passage's ``end``, a line is a heading only when the passage
      is the whole line: in hard-wrapped text ("... wounded 56 more, officials" / "say.")
      a line break falls inside sentences, and a line that ends mid-sentence is none;
      a name that locates another place ("border with Xinjiang", "a town in southern
      Kazakhstan", "Kazakhstan's largest city");
      background names (:func:`_background`): a roll call of three or more countries
      ("a pact comprising Armenia, Belarus, ... and Tajikistan"), a name qualifying an
      organisation, outlet or title ("the Moscow Times", "Sputnik Kazakhstan", "a
      Moscow-led pact", "Armenia Prime Minister ..."), a place of residence ("a Kazakh
      living in Moscow"), where flights were diverted to ("diverted to Misrata"), a place
      only named as where people or goods came from ("search
      teams from Italy, Greece and Kosovo", not "40 km from X"), a name in a quotation of
      opinion ("how it will be viewed in Moscow");
      any name in a passage no category cue matches (a description, not a happening);
      and, when the passage places something at a site - a name introduced by "in", "at",
      "near", "into", "across", "throughout", "outside", "inside", "around", or a
      list or apposition continuing one ("in Belarus, Georgia and Ukraine", "city, Almaty")
      - every other name in it: those are actors, parties or topics ("Russia's security
      service said it foiled a plot in Minsk"; "talks with Russia in Geneva").
    * event: everything else.
    """
    text = article.text
    # In a passage no cue matches every name is background whatever precedes it, so the
    # site and locator rules (regular expressions, the costly part) only run on the others.
    # ``stated`` says whether a cue matched, where the caller knows: an accident's cues
    # ("collided") name the category "other" too, and do state a happening.
    weighed = stated if stated is not None else category != "other"
    describes = [weighed and not t.demonym and _describes(text, t, start) for t in named]
    background = _background(text, named, start, opinions) if weighed else describes
    sites: list[bool] = []
    for i, toponym in enumerate(named):
        if not weighed or toponym.demonym:
            sites.append(False)
            continue
        before = text[max(start, toponym.start - 80) : toponym.start]
        between = text[named[i - 1].end : toponym.start] if i else ""
        introduced = _SITE_BEFORE.found_in(before) or (
            i and sites[-1] and _CONTINUES.match(between)
        )
        sites.append(bool(introduced))
    # A background site still makes the sentence's other names actors: in "Russia accused
    # the West of uprisings in Belarus, Georgia and Ukraine" Russia is no site either.
    any_site = any(site and not d for site, d in zip(sites, describes, strict=True))
    quiet = _quiet_names(text, named, start, end) if weighed else None
    roles = []
    dateline = article.dateline_place.casefold()
    for toponym, site, described, aside in zip(named, sites, describes, background,
                                               strict=True):
        line_start = text.rfind("\n", 0, toponym.start) + 1
        if (
            dateline
            and not text[line_start : toponym.start].strip()
            and dateline in (toponym.surface.casefold(), toponym.place.name.casefold())
            and _in_dateline(text, toponym.start)
        ):
            roles.append("dateline")
        elif (
            toponym.demonym
            or not weighed
            or described
            or aside
            or (any_site and not site)
            or _in_heading(text, toponym, line_start, start, end)
            or (quiet is not None and quiet[len(roles)])
        ):
            # (The line tests last: the others are flags already worked out, and the line
            # of a text without line breaks is the whole article.)
            roles.append("mention")
        else:
            roles.append("event")
    return roles


def _quiet_names(text: str, named: list[Toponym], start: int, end: int | None
                 ) -> list[bool] | None:
    """Which names of the passage at ``start``..``end`` stand in a clause saying nothing
    happened there (``_NOTHING_HAPPENED``); None when the passage has no such clause (the
    common case: one scan of the passage)."""
    stop = end if end is not None else len(text)
    passage = text[start:stop]
    if not _NOTHING_HAPPENED.found_in(passage):
        return None
    cuts = [0]
    for m in _CLAUSE_CUT.finditer(passage):
        cuts.extend(m.span())
    cuts.append(len(passage))
    flags = []
    for toponym in named:
        at = toponym.start - start
        k = max(i for i in range(0, len(cuts), 2) if cuts[i] <= at)
        flags.append(_NOTHING_HAPPENED.found_in(passage[cuts[k] : cuts[k + 1]]))
    return flags


def _in_heading(text: str, toponym: Toponym, line_start: int, start: int, end: int | None
                ) -> bool:
    """Whether ``toponym`` (of the passage at ``start``..``end``) is in a heading line or a
    reference note (see :func:`passage_roles`); ``line_start`` is where its line starts."""
    line_end = text.find("\n", toponym.end)
    line_stop = len(text) if line_end < 0 else line_end
    line = text[line_start:line_stop].strip()
    heading = len(line) <= _HEADING_MAX and not line.endswith(_TERMINAL) and (
        end is None
        or (not text[line_start:start].strip() and end <= line_stop
            and not text[end:line_stop].strip())
    )
    return heading or _REFERENCE_NOTE.match(line) is not None


def _describes(text: str, toponym: Toponym, start: int) -> bool:
    """Whether the name only locates another place ("border with X", "X's largest city")."""
    before = text[max(start, toponym.start - 60) : toponym.start]
    return bool(
        _DESCRIBED_BEFORE.found_in(before)
        or _LOCATOR_AFTER.match(text[toponym.end : toponym.end + 40])
    )
