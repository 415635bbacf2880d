"""Transparent passage rules: the category (from ``categories.toml``) and the figures.

Both work on one passage (a sentence) at a time and never look beyond it.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from importlib import resources

# The parser of the ``re`` module (private, but the same since Python 3.11; an error from it
# only turns a pre-test off, see required_literals).
from re import _constants as _re_constants  # type: ignore[attr-defined]
from re import _parser as _re_parser  # type: ignore[attr-defined]
from typing import Any, Final, NamedTuple

import ahocorasick

from sitmap.events._schema import CATEGORIES, SchemaError

__all__ = [
    "CaselessPattern",
    "GuardedPattern",
    "HAZARDS",
    "Theme",
    "article_theme",
    "category_of_hits",
    "theme_of_hits",
    "classify",
    "classify_words",
    "cue_hits",
    "category_rules",
    "refine_category",
    "event_category",
    "stated_categories",
    "event_category_of_words",
    "CategoryRules",
    "Figure",
    "find_figures",
    "national",
    "no_single_place",
    "parse_figures",
]

_RULES_FILE: Final = "categories.toml"
_FALLBACK: Final = "other"


class CategoryRules(NamedTuple):
    """``categories.toml`` read: the category name of each ``[[category]]`` entry in the
    file's order (a category may have several entries), whether each entry is ``weak``
    (names no happening), and an automaton over every cue (in the form :func:`_words` gives
    text) whose value is its entry's index.

    ``yields_to`` holds, per entry, the article themes it gives way to (see
    :func:`classify`); ``reaction`` whether the entry's cues react to another happening
    ("condemned the bombing"). The ``[ignore]`` phrases, words that hold a cue but name no
    happening ("riot police", "no one was hurt"), are in the same automaton with a negative
    value, minus their length (one scan finds both); :func:`cue_hits` sets them apart."""

    names: tuple[str, ...]
    cues: ahocorasick.Automaton
    weak: tuple[bool, ...] = ()
    yields_to: tuple[frozenset[str], ...] = ()
    reaction: tuple[bool, ...] = ()


_NON_WORD: Final = re.compile(r"[\W_]+")
_REPEATS: Final = (_re_constants.MAX_REPEAT, _re_constants.MIN_REPEAT,
                   _re_constants.POSSESSIVE_REPEAT)


class CaselessPattern:
    """A case-insensitive regular expression whose literals are all lower case.

    ``re.IGNORECASE`` makes a scan several times slower. On ASCII text ignoring case is the
    same as lowering the text (same length, no special case rules), so ASCII text is
    lowered and scanned case-sensitively; so is other text without any of the five
    characters of :data:`CASE_SPECIAL` (a quotation in curly quotes, a name with an
    accent); text with one of them goes to the case-insensitive pattern.

    A scan tries the pattern at every position of the text; most texts hold none of the
    words it needs. So, when every match must hold one of a few words of three letters or
    more (:func:`required_literals`, worked out from the pattern itself, so an edit of the
    pattern keeps it right), the lowered text is first looked through for those words in
    one Aho-Corasick pass, and the pattern runs only where one is there.
    """

    def __init__(self, pattern: str) -> None:
        self._caseless = re.compile(pattern, re.IGNORECASE)
        self._lower = re.compile(pattern)
        needles = required_literals(pattern)
        self._needles: ahocorasick.Automaton | None = None
        if needles and min(map(len, needles)) >= _SHORTEST_NEEDLE:
            self._needles = ahocorasick.Automaton()
            for needle in needles:
                self._needles.add_word(needle, needle)
            self._needles.make_automaton()

    def found_in(self, text: str) -> bool:
        """Whether the pattern matches anywhere in ``text`` (``re.search``)."""
        if text.isascii() or _case_plain(text):
            lowered = text.lower()
            if self._needles is not None:
                for _ in self._needles.iter(lowered):
                    break
                else:  # none of the words every match holds: no match
                    return False
            return self._lower.search(lowered) is not None
        return self._caseless.search(text) is not None


# The characters for which lowering a text and scanning it case-sensitively is not what
# re.IGNORECASE does: "İ" lowers to two characters, "K" (Kelvin) to an ASCII "k", "ſ" and
# "ı" match "s" and "i" when case is ignored but stay themselves when lowered, and "Σ"
# lowers by its place in a word. Every other character lowers to one character that
# IGNORECASE takes as its equal, of the same kind (letter, digit, space): on a text without
# these five, CaselessPattern scans the lowered text (tests/test_events_speed_guards.py
# works the set out again from the Unicode tables).
CASE_SPECIAL: Final = "\u0130\u0131\u017f\u03a3\u212a"


def _case_plain(text: str) -> bool:
    """Whether ``text`` holds none of :data:`CASE_SPECIAL` (five substring tests)."""
    for char in CASE_SPECIAL:  # noqa: SIM110 - a loop, not all(): no generator per call
        if char in text:
            return False
    return True


# Needles shorter than this ("in", "is") are in nearly every text: looking for them first
# would only add a pass.
_SHORTEST_NEEDLE: Final = 3


class GuardedPattern:
    """A case-sensitive regular expression whose :meth:`search` first looks for the words
    every match holds (:func:`required_literals`, case for case) by substring tests, and
    scans only when one is there: "\\b(?:may|might)\\b" tries its word boundaries at every
    position of a sentence that holds neither word."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)
        needles = required_literals(pattern, exact_case=True)
        self._needles: tuple[str, ...] = ()
        if needles and min(map(len, needles)) >= _SHORTEST_NEEDLE:
            self._needles = tuple(sorted(needles))

    def search(self, text: str) -> re.Match[str] | None:
        """``re.search`` of the pattern in ``text``."""
        if self._needles:
            for needle in self._needles:
                if needle in text:
                    break
            else:
                return None
        return self.pattern.search(text)


class WordsFirst:
    """A regular expression and the words one of which every match holds
    (:func:`~sitmap.events._rules.required_literals`, lowered): a text that holds none of
    them, in any case, holds no match, told by one Aho-Corasick pass over the lowered text
    instead of a scan that tries the pattern at every word. ``words`` is ``None`` when no
    such set is known (a flag the parse would misread, a part that needs no fixed text)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.words: ahocorasick.Automaton | None = None
        needles = (required_literals(pattern.pattern)
                   if not pattern.flags & ~(re.UNICODE | re.IGNORECASE) else None)
        if needles:
            self.words = ahocorasick.Automaton()
            for needle in {n.lower() for n in needles}:
                self.words.add_word(needle, needle)
            self.words.make_automaton()

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``re.search`` of the pattern in ``text[pos:endpos]`` (``Pattern.search``'s
        arguments), scanned only where that part holds one of the words."""
        if self.words is not None:
            part = text[pos:endpos]
            if self.absent(part.lower() if part.isascii() or _case_plain(part) else None):
                return None
        return self.pattern.search(text, pos, endpos)

    def absent(self, lowered: str | None) -> bool:
        """Whether the text whose lowered form is ``lowered`` surely holds no match
        (``lowered`` is ``None`` where lowering is not what ignoring case is:
        :func:`~sitmap.events._rules._case_plain`)."""
        if lowered is None or self.words is None:
            return False
        for _ in self.words.iter(lowered):
            return False
        return True


def _leading_run(items: list[Any], *, ignore_case: bool, exact_case: bool) -> str:
    """The literal text a parsed sequence opens with ("" when it opens otherwise)."""
    lead = []
    for op, av in items:
        if op is not _re_constants.LITERAL or (ignore_case and exact_case):
            break
        lead.append(chr(av).lower() if ignore_case else chr(av))
    return "".join(lead)


def required_literals(pattern: str, *, exact_case: bool = False) -> frozenset[str] | None:
    """Words one of which every match of ``pattern`` (compiled case-sensitively) holds, as
    they appear in the text (lowered inside a ``(?i:...)`` group); ``None`` when no such set
    is known (a pattern that may match without any fixed text, or that the parser of the
    ``re`` module does not read). The set is taken from the parsed pattern: a run of
    literal characters, every branch of an alternation, a group or a repeat of at least
    one; of the candidates in a sequence, the one whose shortest word is longest. With
    ``exact_case`` the words are as the text must hold them, case for case: a pattern's
    ignore-case parts give none. Raises nothing."""
    try:
        parsed = _re_parser.parse(pattern)
        return _required(list(parsed.data), ignore_case=False, exact_case=exact_case)
    except Exception:  # noqa: BLE001 - the private parser may change: then no pre-test
        return None


def _required(
    items: list[Any], *, ignore_case: bool, exact_case: bool = False
) -> frozenset[str] | None:
    """:func:`required_literals` of a parsed sequence (with ``exact_case``, a literal inside
    an ignore-case group holds no fixed text)."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    before = ""  # the literal run right before the current item
    for op, av in items:
        if op is _re_constants.LITERAL and not (ignore_case and exact_case):
            char = chr(av)
            run.append(char.lower() if ignore_case else char)
            continue
        before = "".join(run)
        if run:
            candidates.append(frozenset({before}))
            run = []
        found: frozenset[str] | None = None
        if op is _re_constants.SUBPATTERN:
            _, add, remove, sub = av
            caseless = (ignore_case or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
            found = _required(list(sub.data), ignore_case=caseless, exact_case=exact_case)
        elif op is _re_constants.ATOMIC_GROUP:
            found = _required(list(av.data), ignore_case=ignore_case, exact_case=exact_case)
        elif op is _re_constants.BRANCH:
            branches = [_required(list(b.data), ignore_case=ignore_case, exact_case=exact_case)
                        for b in av[1]]
            if all(b is not None for b in branches):
                found = frozenset().union(*(b for b in branches if b is not None))
            # The parser takes a common start out of the alternatives ("may|might" is "m"
            # then "ay|ight"): the run before the branch and each alternative's own opening
            # run are one text.
            leads = [_leading_run(list(b.data), ignore_case=ignore_case, exact_case=exact_case)
                     for b in av[1]]
            if before and all(leads):
                candidates.append(frozenset(before + lead for lead in leads))
        elif op in _REPEATS and av[0] >= 1:
            found = _required(list(av[2].data), ignore_case=ignore_case, exact_case=exact_case)
        # Anything else (a class, a look-around, an anchor) holds no fixed text.
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset({"".join(run)}))
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (min(map(len, c)), -len(c)))
    if not all(best):
        return None
    # A word that holds another of the set adds nothing: where it is, so is the other.
    return frozenset(w for w in best if not any(o != w and o in w for o in best))


# ASCII letters and digits lowered, every other ASCII byte a space: on ASCII text, what
# ``_NON_WORD`` and ``casefold`` do, at the cost of a byte copy rather than a regex scan.
_ASCII_WORDS: Final = bytes(c if chr(c).isalnum() else 32 for c in range(128)).lower() + bytes(128)


# How many texts' words and cue hits are kept. The rules read the same passage again (the
# builder, then the placeless rows' scenes, the lede rule and the review: 19,388 calls on
# 9,340 distinct texts over the dev texts); bounded, so a long batch does not grow it.
_KEPT: Final = 16384


@lru_cache(maxsize=_KEPT)
def _words(text: str) -> str:
    """Lower-cased words, each with one space before and after: a cue written the same way
    is found exactly where it starts a word."""
    if text.isascii():
        return f" {b' '.join(text.encode().translate(_ASCII_WORDS).split()).decode()} "
    return f" {_NON_WORD.sub(' ', text.casefold()).strip()} "


@cache
def _rules_table() -> dict[str, Any]:
    """``categories.toml`` parsed, once for the process: the category rules, the flight,
    charge and crowd-force rules and the placeless cues all read it (each parse took about
    3 ms of a first pass, 9 ms at a load of 3).
    The callers only read it. Raises tomllib.TOMLDecodeError for a file that is no TOML."""
    raw = resources.files("sitmap.events").joinpath(_RULES_FILE).read_text(encoding="utf-8")
    return tomllib.loads(raw)


@cache
def category_rules() -> CategoryRules:
    """The rules of ``categories.toml``, read once.

    Raises SchemaError when the file names a category outside ``CATEGORIES``, or an entry
    other than the fallback ``"other"`` has no cues.
    """
    names: list[str] = []
    weak: list[bool] = []
    yields: list[frozenset[str]] = []
    reaction: list[bool] = []
    automaton = ahocorasick.Automaton()
    table = _rules_table()
    for entry in table["category"]:
        name = entry["name"]
        if name not in CATEGORIES or (not entry["cues"] and name != _FALLBACK):
            raise SchemaError(f"{_RULES_FILE}: category {name!r} is unknown or has no cues")
        themes = frozenset(entry.get("yields_to", ()))
        if not themes <= set(CATEGORIES):
            raise SchemaError(f"{_RULES_FILE}: {name!r} yields to an unknown category")
        for cue in entry["cues"]:
            key = _cue_key(cue)
            if key not in automaton:  # the same cue twice: the first category keeps it
                automaton.add_word(key, len(names))
        names.append(name)
        weak.append(bool(entry.get("weak", False)))
        yields.append(themes)
        reaction.append(bool(entry.get("reaction", False)))
    for phrase in table.get("ignore", {}).get("phrases", []):
        key = _cue_key(phrase)
        if key not in automaton:  # a phrase that is itself a cue stays a cue
            automaton.add_word(key, -len(key))
    automaton.make_automaton()
    return CategoryRules(tuple(names), automaton, tuple(weak), tuple(yields), tuple(reaction))


def _cue_key(cue: str) -> str:
    """A cue in :func:`_words` form: it matches at the start of a word; a cue ending in a
    space or other non-letter matches only a whole word."""
    return _words(cue) if not cue[-1].isalnum() else _words(cue)[:-1]


def cue_hits(words: str) -> list[tuple[int, int]]:
    """The cues of ``categories.toml`` found in ``words`` (:func:`_words` form), as
    ``(offset in words of the cue's end, entry index)`` pairs in text order, leaving out
    every cue that lies inside an ``[ignore]`` phrase ("riot police", "no one was hurt")."""
    return list(_cue_hits(words))


@lru_cache(maxsize=_KEPT)
def _cue_hits(words: str) -> tuple[tuple[int, int], ...]:
    """:func:`cue_hits` as a tuple (kept: 14,890 calls on 8,490 distinct texts)."""
    hits = list(category_rules().cues.iter(words))
    fled = (_fled_from(words) + _charged_with(words)) if _has_clash(hits) else None
    if " demand" in words:
        fled = (fled or []) + _demanded(words, hits)
    if " fle" in words or " escap" in words:
        fled = (fled or []) + _attackers_fled(words)
    if fled:
        hits = [(end, index) for end, index in hits
                if not any(a <= end <= b for a, b in fled)]
    if " seized " in words or " confiscated " in words:
        hits = _seized_goods(words, hits)
    if " doses " in words or " vials " in words or " vaccine" in words or " medicine" in words:
        hits = _framed(words, hits, _DELIVERED, "medicine")
    if " turned back " in words or " turned around " in words:
        hits = _framed(words, hits, _TURNED_BACK, "forced to turn back")
    if " supplies " in words or " distributions " in words or " deliveries " in words:
        hits = _framed(words, hits, _SUPPLIES_CUT, "suspended")
    if (" among " in words or " camp" in words) and (" refugee" in words or " displaced " in words
                                                     or " migrants " in words):
        hits = _framed(words, hits, _POPULATION, None)
    ignored = [(end + value + 1, end) for end, value in hits if value < 0]
    if not ignored:
        return tuple(hits)
    # A cue that ends inside an ignored phrase (or on the space right after it: a
    # whole-word cue) is part of it; cues and phrases both start at a word. A cue written
    # around such a phrase ("night in tents" around "in tents") stays a cue.
    wider = _wider_cues()
    return tuple((end, index) for end, index in hits
                 if index >= 0 and (not any(a <= end <= b + 1 for a, b in ignored)
                                    or (wider and _holds_wider(words, end, index, wider))))


@cache
def _wider_cues() -> tuple[tuple[str, int], ...]:
    """The cue keys of ``categories.toml`` that hold an ``[ignore]`` phrase after their
    first word (session 16: "night in tents" holds "in tents"), with their entry's index."""
    table = _rules_table()
    cues = category_rules().cues
    phrases = [_cue_key(p) for p in table.get("ignore", {}).get("phrases", [])]
    keys = {_cue_key(cue) for entry in table["category"] for cue in entry["cues"]}
    return tuple(sorted((k, cues.get(k)) for k in keys if any(p in k[1:] for p in phrases)))


def _holds_wider(words: str, end: int, index: int,
                 wider: tuple[tuple[str, int], ...]) -> bool:
    """Whether a cue of ``wider`` of entry ``index`` ends at ``end`` of ``words``."""
    return any(i == index and words.endswith(k, 0, end + 1) for k, i in wider)


@cache
def _flight_rules() -> tuple[tuple[str, ...], re.Pattern[str] | None]:
    """The ``[flight_from]`` table of ``categories.toml``: the flight words (each in
    :func:`_words` form, for a substring test) and one pattern matching a flight word, the
    allowed words between, and the head word after them (group ``head``). Raises
    nothing; an empty table gives no pattern."""
    table = _rules_table().get("flight_from", {})
    verbs = [_words(v).strip() for v in table.get("verbs", [])]
    between = [_words(w).strip() for w in table.get("between", [])]
    if not verbs:
        return (), None
    alt = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    mid = "|".join(re.escape(w) for w in sorted(between, key=len, reverse=True))
    pattern = re.compile(rf" (?:{alt})(?: (?:{mid}))* (?P<head>\w+) " if mid
                         else rf" (?:{alt}) (?P<head>\w+) ")
    return tuple(f" {v} " for v in verbs), pattern


@cache
def _clash_entries() -> frozenset[int]:
    """The indices of the armed clash/violence entries of ``categories.toml``."""
    return frozenset(i for i, name in enumerate(category_rules().names)
                     if name == "armed clash/violence")


def _has_clash(hits: Sequence[tuple[int, int]]) -> bool:
    """Whether one of ``hits`` (raw automaton hits) is a cue of an armed clash/violence
    entry: only then can a cause of flight be left out (a cheap test before
    :func:`_fled_from`)."""
    clash = _clash_entries()
    for _, index in hits:  # noqa: SIM110 - a loop, not any(): no generator per passage
        if index in clash:
            return True
    return False


def _fled_from(words: str) -> list[tuple[int, int]]:
    """The spans of ``words`` (:func:`_words` form) that name what people fled or were
    driven out by ("who fled an insurgent attack", "displaced by the fighting"): the head
    word after a ``[flight_from]`` verb and the words allowed between. The violence cues
    there name the cause, not the happening, so they do not count. Raises nothing."""
    verbs, pattern = _flight_rules()
    if pattern is None or not any(v in words for v in verbs):
        return []
    return [(m.start("head"), m.end("head")) for m in pattern.finditer(words)]


@cache
def _charge_rules() -> tuple[re.Pattern[str] | None, int, tuple[str, ...]]:
    """The ``[charged_with]`` table of ``categories.toml``: one pattern over its
    ``phrases`` (in :func:`_words` form, ending on a whole word), how many ``words`` after
    one name the charge, and each phrase's longest word (" charged ", " guilty "; one is
    in a passage's words whenever a phrase is). ``(None, 0, ())`` when the table is missing
    or empty. Raises nothing."""
    table = _rules_table().get("charged_with", {})
    phrases = [_words(p).strip() for p in table.get("phrases", [])]
    if not phrases:
        return None, 0, ()
    alt = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    hints = tuple(sorted({f" {max(p.split(' '), key=len)} " for p in phrases}))
    return re.compile(rf" (?:{alt}) "), int(table.get("words", 0)), hints


def _charged_with(words: str) -> list[tuple[int, int]]:
    """The spans of ``words`` (:func:`_words` form) that name what someone is charged with,
    convicted of or held on suspicion of ("arrested 45 people on charges of public violence",
    "charged with assault"): at most the table's ``words`` words after a ``[charged_with]``
    phrase. The violence cues there name the charge, not a happening of the sentence.
    Raises nothing."""
    pattern, count, hints = _charge_rules()
    if pattern is None or count <= 0 or not any(h in words for h in hints):
        return []
    spans = []
    for m in pattern.finditer(words):
        tail = words[m.end() - 1 :].split(" ", count + 1)
        end = m.end() - 1 + len(" ".join(tail[: count + 1]))
        spans.append((m.end() - 1, end))
    return spans


# What a crowd demands: the words after one of these (up to _DEMAND_WORDS words, or an
# auxiliary that starts another clause) name what is wanted, not a happening of the
# sentence ("marched ... to demand that soldiers deployed on the campus be withdrawn").
_DEMAND: Final = re.compile(r" (?:to demand|demanding|demanded|demand) ")
_DEMAND_WORDS: Final = 10
_CLAUSE_VERB: Final = frozenset({"was", "were", "is", "are", "had", "has", "have", "and"})


@cache
def _protest_entries() -> frozenset[int]:
    """The indices of the protest entries of ``categories.toml``."""
    return frozenset(i for i, name in enumerate(category_rules().names) if name == "protest")


def _demanded(words: str, hits: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The cues of ``words`` (:func:`_words` form; raw automaton ``hits``) inside what a
    crowd demands, when a cue of a protest comes before the demand, as ``(end, end)``
    spans: those cues ("deployed", "detained") do not count; a statement's ("talks") do.
    Raises nothing."""
    protest = _protest_entries()
    spans = []
    for m in _DEMAND.finditer(words):
        if not any(index in protest and end < m.start() for end, index in hits):
            continue
        tail = words[m.end():].split(" ")
        taken = 0
        for word in tail[:_DEMAND_WORDS]:
            if word in _CLAUSE_VERB:
                break
            taken += len(word) + 1
        spans.append((m.end(), m.end() + taken))
    if not spans:
        return spans
    # A statement's cues stay: a demand is words too ("to hear speakers demand
    # negotiations"), and only the happenings it names are dropped.
    names = category_rules().names
    return [(end, end) for end, index in hits
            if index >= 0 and names[index] != _STATEMENT
            and any(a <= end <= b for a, b in spans)]


# Who did harm and then fled: "They stole about 200 cattle and fled", "burned the market
# before fleeing": the flight word is the attackers', no displacement (not after "were" or
# "was": "Residents were attacked at dawn and fled" are people who fled).
_ATTACKERS_FLED: Final = re.compile(
    r"(?<! were)(?<! was)(?<! been) (?:stole|looted|killed|burned|burnt|torched|shot|"
    r"attacked|abducted|kidnapped|robbed|raided|ambushed|stabbed|beat|set fire|opened fire|"
    r"fired|planted|detonated|hijacked|seized)(?: [\w]+){0,10}? (?:and|then|before) "
    r"(?:then )?(?P<fled>fled|escaped|fleeing|escaping)(?= )")


def _attackers_fled(words: str) -> list[tuple[int, int]]:
    """The flight words of ``words`` (:func:`_words` form) that attackers did after the
    harm they did (:data:`_ATTACKERS_FLED`). Raises nothing."""
    return [(m.start("fled"), m.end("fled")) for m in _ATTACKERS_FLED.finditer(words)]


# Weapons, drugs and goods that police or soldiers seized: police work (arrest), not an
# assault ("Police arrested four men and seized two pistols and a rifle"); a town seized
# stays the fighting. The seizer is named before the verb.
_SEIZERS: Final = re.compile(r" (?:police|policemen|officers|customs|authorities|troops|"
                             r"soldiers|army|security forces|gendarmes|detectives|agents) ")
_SEIZED: Final = re.compile(
    r" (?:seized|confiscated)(?: [\w]+){0,3}? (?:pistols?|rifles?|guns?|handguns?|"
    r"firearms?|weapons|ammunition|rounds|bullets|explosives|grenades?|drugs|cocaine|heroin|"
    r"cannabis|methamphetamine|phones|mobile phones|cash|knives|machetes|arms)"
    r"(?P<rest>(?: and| or| a| an| the| two| three| four| five| several| some| [0-9]+"
    r"| pistols?| rifles?| guns?| grenades?| ammunition| bullets| explosives| knives| "
    r"machetes| phones| mobile| cash| drugs)*) ")


@cache
def _arrest_entry() -> int:
    """The index of the first arrest entry of ``categories.toml`` (-1: none)."""
    names = category_rules().names
    return names.index("arrest") if "arrest" in names else -1


def _seized_goods(words: str, hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``hits`` with the cues inside a seizure of goods by police or soldiers
    (:data:`_SEIZED`, a seizer named before it) made the arrest entry's: "seized two rifles
    and a grenade" is police work. Raises nothing."""
    arrest = _arrest_entry()
    if arrest < 0:
        return hits
    spans = []
    for m in _SEIZED.finditer(words):
        seizer = _SEIZERS.search(words, 0, m.start() + 1)
        if seizer is not None:
            spans.append((m.start(), m.end()))
    if not spans:
        return hits
    return [(end, arrest if index >= 0 and any(a < end <= b for a, b in spans) else index)
            for end, index in hits]


# Medical goods delivered or arriving are aid, not the outbreak (session 16: "The World
# Health Organization delivered 2,000 vials of the antiviral ribavirin to X", "About 410,000
# doses of oral vaccine arrived from a global stockpile"); doses given or a campaign stay
# the outbreak's.
_DELIVERED: Final = re.compile(
    r" (?:delivered|donated|shipped|flew|flown|sent)(?: in)?(?: about| some| more than| nearly"
    r"| another| a further)?(?: [0-9]+)*(?: (?:million|thousand))?"
    r" (?:doses|vials|vaccines?|medicines|antivirals?)(?= )"
    r"| (?:doses|vials|vaccines?)(?: of(?: [a-z]+){1,3}?)? (?:arrived|have arrived|had arrived|"
    r"has arrived|were delivered|have been delivered|had been delivered|was delivered|"
    r"were flown in|landed)(?= )")


# A convoy or vehicles turned back are a disruption, whatever they carry and whoever sent
# them back (session 16: "A second convoy was turned back at X by armed men"; the rule
# file's "forced to turn back" needs its "forced"). Troops who "turned back an attack" are
# no vehicle.
_TURNED_BACK: Final = re.compile(
    r" (?:convoys?|trucks|lorries|vehicles|buses)(?: [a-z0-9]+){0,6}?"
    r" (?:(?:was|were|had been|have been|has been) )?turned (?:back|around)(?= )")


# Aid or supplies suspended or cut are a disruption of the service, not aid given (session
# 16: "said it had suspended food distributions in X for a week", "supplies to 40 percent
# of homes in X had been cut for up to 18 hours a day").
_SUPPLIES_CUT: Final = re.compile(
    r" (?:suspended|halted|stopped|interrupted|cut)(?: [a-z]+){0,2}?"
    r" (?:distributions|deliveries|supplies)(?= )"
    r"| (?:supplies|distributions|deliveries)(?: [a-z0-9]+){0,10}?"
    r" (?:was|were|had been|have been|has been) (?:cut|suspended|halted|interrupted|stopped)"
    r"(?= )")


# A population named by where it lives or among whom something happened is no flight
# (session 16: "A case of cholera was confirmed among displaced families in X", "reported
# 340 cases in the camps for Rohingya refugees"; the rule file's [ignore] phrases hold the
# forms without a word between, "camps for refugees").
_POPULATION: Final = re.compile(
    r" (?:camps?|settlements?|shelters?) (?:for|of|housing) (?:[a-z]+ ){0,2}?"
    r"(?:refugees|displaced|migrants)(?= )"
    r"| among (?:the )?(?:[a-z]+ )?(?:displaced|refugees|migrants)(?= )")


@cache
def _entry_of(cue: str) -> int:
    """The index of the entry of ``categories.toml`` that holds ``cue`` (-1: none)."""
    index = category_rules().cues.get(_cue_key(cue), -1)
    return index if isinstance(index, int) else -1


def _framed(words: str, hits: list[tuple[int, int]], frame: re.Pattern[str],
            cue: str | None) -> list[tuple[int, int]]:
    """``hits`` with the cues inside each match of ``frame`` in ``words`` left out and, when
    ``cue`` is given, a hit of the entry that holds it at the match's end added: the frame's
    verb decides over the nouns it governs (:data:`_DELIVERED`, :data:`_TURNED_BACK`,
    :data:`_SUPPLIES_CUT`), or the frame names no happening (:data:`_POPULATION`). Raises
    nothing."""
    entry = _entry_of(cue) if cue is not None else -1
    if cue is not None and entry < 0:
        return hits
    spans = [(m.start(), m.end()) for m in frame.finditer(words)]
    if not spans:
        return hits
    kept = [(end, index) for end, index in hits
            if index < 0 or not any(a < end <= b for a, b in spans)]
    if entry < 0:
        return kept
    return sorted(kept + [(b - 1, entry) for _, b in spans])


def classify(passage: str, *, theme: str | None = None) -> str:
    """Return the category of ``passage``: that of the first entry in ``categories.toml``
    with a cue in it (cues inside an ``[ignore]`` phrase do not count), else ``"other"``.

    ``theme`` is the article's theme (:func:`article_theme`): an entry that ``yields_to``
    it names the theme instead of its own category ("killed" in an article about a flood is
    the flood's), and a passage no cue matches takes the theme rather than ``"other"``.
    """
    return classify_words(_words(passage), theme=theme)


def classify_words(words: str, *, theme: str | None = None) -> str:
    """:func:`classify` of a passage already in :func:`_words` form."""
    hits = cue_hits(words)
    return refine_category(category_of_hits(hits, theme=theme), hits, words, theme=theme)


@cache
def _crowd_force() -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The ``[crowd_force]`` table of ``categories.toml``: a pattern over its ``force``
    phrases (force used on a crowd) and one over its ``harm`` words (harm short of a death),
    both in :func:`_words` form, each matching at the start of a word. ``(None, None)``
    when the table is missing or empty. Raises nothing."""
    return _crowd_force_table()[:2]


@cache
def _force_hints() -> tuple[str, ...]:
    """The first word of each ``force`` phrase (" tear", " water"): one of them is in a
    passage's words whenever a force phrase is (a cheap test before the pattern)."""
    return _crowd_force_table()[2]


@cache
def _police_clash() -> re.Pattern[str] | None:
    """A pattern over the ``police_clash`` phrases of ``[crowd_force]`` ("clashed with
    police"), in :func:`_words` form; ``None`` when there are none. Raises nothing."""
    phrases = [_cue_key(p) for p in _rules_table().get("crowd_force", {}).get("police_clash", [])]
    if not phrases:
        return None
    return re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)))


def _protest_scene(hits: Sequence[tuple[int, int]], words: str) -> str | None:
    """The category of a passage (its :func:`_words` ``words`` and :func:`cue_hits`
    ``hits``) in an article about a protest whose armed clash/violence cues all lie in a
    ``police_clash`` phrase of ``[crowd_force]`` (a crowd that "clashed with police",
    "89 police officers had been injured"): the category of its other cues of a happening,
    or protest. ``None`` when it names no such phrase or has a cue of armed violence beyond
    it ("shot dead", "killed", "gunmen", people injured who are not the police). Raises
    nothing."""
    clash_words = _police_clash()
    if clash_words is None or (" police" not in words and " officers" not in words):
        return None
    spans = [(m.start(), m.end()) for m in clash_words.finditer(words)]
    if not spans:
        return None
    return _protest_unless_clash_outside(hits, spans)


def _protest_unless_clash_outside(
    hits: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]
) -> str | None:
    """``None`` if a cue of armed clash/violence among ``hits`` ends outside every one of
    ``spans`` (phrases of force on a crowd, or of a crowd clashing with police); else the
    category of the other cues of a happening (a weak cue such as a closing "witnesses said"
    is no happening), or protest when there are none. Raises nothing."""
    clash = _clash_entries()
    weak = category_rules().weak
    rest = []
    for end, index in hits:
        if index in clash:
            if not any(a <= end <= b for a, b in spans):
                return None
        elif not weak[index]:
            rest.append((end, index))
    return category_of_hits(rest) if rest else "protest"


@cache
def _crowd_force_table() -> tuple[re.Pattern[str] | None, re.Pattern[str] | None,
                                  tuple[str, ...]]:
    """:func:`_crowd_force` and :func:`_force_hints`, read once. Raises nothing."""
    table = _rules_table().get("crowd_force", {})

    def pattern(key: str) -> re.Pattern[str] | None:
        phrases = [_cue_key(p) for p in table.get(key, [])]
        if not phrases:
            return None
        alt = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        return re.compile(rf"(?:{alt})\w*")

    force, harm = pattern("force"), pattern("harm")
    if force is None or harm is None:
        return None, None, ()
    hints = tuple(sorted({_cue_key(p).split(" ")[1] for p in table.get("force", [])}))
    return force, harm, tuple(f" {h}" for h in hints)


def _force_on_a_crowd(hits: Sequence[tuple[int, int]], words: str) -> str | None:
    """The category of a passage (its :func:`_words` ``words`` and :func:`cue_hits`
    ``hits``) whose armed clash/violence cues are all force used on a crowd or harm short
    of a death (``[crowd_force]``: "fired tear gas and rubber bullets, wounding 12"):
    the category of its other cues of a happening, or protest when it has none (a
    closing "witnesses said" is no happening). ``None`` when it names no
    such force or has a cue of armed violence beyond it ("shot dead", "attacked").
    Raises nothing."""
    force, harm = _crowd_force()
    if force is None or harm is None or not any(h in words for h in _force_hints()):
        return None
    spans = [(m.start(), m.end()) for m in force.finditer(words)]
    if not spans:
        return None
    spans += [(m.start(), m.end()) for m in harm.finditer(words)]
    return _protest_unless_clash_outside(hits, spans)


# A speaker's words about a happening told before: a speech verb, then (after at most a
# few words and a "that") a determiner, at most one word, the happening's noun (group
# ``noun``), and what it would be or is: a modal ("the protests would continue") or a
# copula and a word that is no participle ("the violence was treasonous"; group ``word``).
_ABOUT_A_HAPPENING: Final = re.compile(
    r" (?:said|says|say|told \w+|insisted|added|warned)(?: \w+){0,8}?(?: that)?"
    r" (?:the|this|these|those)(?: \w+)?? (?P<noun>\w+)"
    r" (?:(?:would|will|could|should|must|might|may) |(?:was|were|is|are) (?P<word>\w+) )")
# A cheap test before _ABOUT_A_HAPPENING runs: one of its speech verbs.
_SPEECH_HINT: Final = re.compile(r" (?:said|says|say|told|insisted|added|warned) ")
# Words after a copula that tell a happening or place it, not what a speaker thinks of it.
_HAPPENING_AFTER_COPULA: Final = frozenset({
    "set", "hit", "shot", "cut", "put", "caught", "found", "made", "held", "led", "left",
    "brought", "built", "burnt", "spread", "struck", "thrown", "blown", "torn", "begun",
    "run", "over", "still", "now", "being", "also", "not", "in", "on", "at", "near", "the",
    "one", "two", "carried", "under", "continuing", "ongoing", "due", "part",
    "caused", "launched", "there", "here", "only", "first", "last", "reported", "to",
})


def _about_a_happening(hits: Sequence[tuple[int, int]], words: str) -> bool:
    """Whether the only cues of a happening in a passage (its :func:`_words` ``words``, its
    :func:`cue_hits` ``hits``; cues of statements, such as "called for", aside) name, in
    what a speaker said, a happening told before and
    what it would be or is ("said the violence was treasonous", "said the protests would
    continue"): a statement about it, with no happening in the sentence. Raises
    nothing."""
    if (" the " not in words and " this " not in words and " these " not in words
            and " those " not in words) or _SPEECH_HINT.search(words) is None:
        return False
    rules = category_rules()
    strong = [end for end, index in hits
              if not rules.weak[index] and rules.names[index] != _STATEMENT]
    for m in _ABOUT_A_HAPPENING.finditer(words):
        word = m.group("word")
        if word is not None and (word in _HAPPENING_AFTER_COPULA
                                 or word.endswith(("ed", "en", "ing", "wn"))):
            continue
        if m.group("noun").endswith("ed"):
            continue  # "those arrested were to be moved": people, not a happening's noun
        if all(m.start("noun") <= end < m.end("noun") for end in strong):
            return True
    return False


# A death told in words: "one man was killed", "two protesters died", "shot dead".
_DEATH_WORDS: Final = re.compile(r" (?:killed|killing|shot dead|died|dies) ")
# What troops were sent to do: "sent 1,300 soldiers to the city to help fight the flames".
_PURPOSE: Final = re.compile(
    r" to (?:help |assist )?(?:fight|battle|tackle|put out|contain|clear|search|rescue|"
    r"evacuate|distribute|deliver|enforce|guard|restore|help|assist) ")
_DEPLOYMENT: Final = "military deployment"
_STATEMENT: Final = "diplomacy/statement"


@cache
def _deployment_entries() -> frozenset[int]:
    """The indices of the military deployment entries of ``categories.toml``."""
    return frozenset(i for i, name in enumerate(category_rules().names) if name == _DEPLOYMENT)


def _has_deployment(hits: Sequence[tuple[int, int]]) -> bool:
    """Whether one of ``hits`` is a cue of a military deployment entry."""
    deployment = _deployment_entries()
    for _, index in hits:  # noqa: SIM110 - a loop, not any(): no generator per passage
        if index in deployment:
            return True
    return False


def refine_category(category: str, hits: Sequence[tuple[int, int]], words: str,
                    *, theme: str | None = None) -> str:
    """``category`` (of a passage whose :func:`_words` are ``words`` and whose
    :func:`cue_hits` are ``hits``), with two corrections the entries' order cannot make:

    * a protest in which someone is killed is armed clash/violence: "Police fired tear gas
      and stun grenades, and one man was killed" (the force used on a crowd comes first in
      the rule file, so that stun grenades are no grenade attack). Only a death word that
      is a counted cue of armed clash/violence counts (not "pictures of those killed", an
      ``[ignore]`` phrase);
    * force used on a crowd, and harm short of a death that comes with it, is the
      protest's: "Police fired tear gas and rubber bullets at students, wounding 12" is a
      protest, not a clash ("rubber bullets" and "wounding" are cues of armed
      clash/violence); a death or an armed attack told beside it keeps the clash. The
      force and harm words are the ``[crowd_force]`` table of the rule file. In an article
      whose ``theme`` (or its hazard) is protest, a crowd that "clashed with police" and
      police officers injured are the protest's without force named (session 15: "89
      police officers had been injured across the country");
    * a speaker's words about a happening told before, when its noun holds the passage's
      only cues of a happening and what follows is a modal or a copula and a judgement
      ("President X said the violence was treasonous", "leaders said the protests would
      continue"), are diplomacy/statement: no happening happens in the sentence;
    * troops sent are a deployment whatever they were sent to do: when the cues before
      "to help fight", "to clear", "to enforce" ... name a deployment, the words of the
      purpose ("the flames", "the rubble") are no happening of the passage.

    Raises nothing."""
    if category != _STATEMENT and hits and _about_a_happening(hits, words):
        return _STATEMENT
    if category == "protest" and _DEATH_WORDS.search(words) is not None:
        names = category_rules().names
        deaths = [(m.start(), m.end()) for m in _DEATH_WORDS.finditer(words)]
        if any(names[index] == "armed clash/violence" and any(a < end < b for a, b in deaths)
               for end, index in hits):
            return "armed clash/violence"
    elif category == "armed clash/violence":
        crowd = _force_on_a_crowd(hits, words)
        if crowd is None and theme is not None and (
                theme == "protest" or getattr(theme, "hazard", None) == "protest"):
            crowd = _protest_scene(hits, words)
        if crowd is not None:
            return crowd
    elif category != _DEPLOYMENT and " to " in words and _has_deployment(hits):
        purpose = _PURPOSE.search(words)
        if purpose is not None:
            before = [(end, index) for end, index in hits if end < purpose.start()]
            if before and category_of_hits(before) == _DEPLOYMENT:
                return _DEPLOYMENT
    return category


def category_of_hits(hits: Iterable[tuple[int, int]], *, theme: str | None = None) -> str:
    """:func:`classify` of a passage whose :func:`cue_hits` are ``hits``.

    An entry that ``yields_to`` the article's theme names the theme; failing that, one that
    yields to the theme's hazard (:class:`Theme`) names the hazard: "died" in an article
    whose sentences mostly tell of evacuations after a wildfire is the wildfire's."""
    rules = category_rules()
    best = min((index for _, index in hits), default=None)
    if best is None:
        return theme or _FALLBACK
    if theme is not None:
        if theme in rules.yields_to[best]:
            return theme
        hazard = getattr(theme, "hazard", None)
        if hazard is not None and hazard in rules.yields_to[best]:
            return str(hazard)
    return rules.names[best]


# The kinds of happening that harm or endanger people by themselves; the others (flight,
# aid, closures, arrests, deployments, statements) mostly follow one of them.
HAZARDS: Final = frozenset(
    {"natural disaster", "health/epidemic", "armed clash/violence", "protest"}
)


class Theme(str):
    """An article's theme (a category name, compared and hashed as the plain string) that
    also knows its **hazard**: the category of :data:`HAZARDS` its sentences state most
    (``None`` when they state none). An article about a wildfire may tell mostly of
    evacuations (theme displacement/refugees), but its deaths are the fire's."""

    hazard: str | None

    def __new__(cls, name: str, hazard: str | None = None) -> Theme:
        """A theme named ``name`` whose hazard is ``hazard``."""
        made = super().__new__(cls, name)
        made.hazard = hazard
        return made


def article_theme(texts: Iterable[str]) -> Theme | None:
    """Return the theme of an article given as ``texts`` (its headline and the sentences
    that name its places): the category whose cues they use most, counting only the cues of
    entries that are neither ``weak`` nor yield to a theme (words such as "killed" or
    "said" say nothing of what an article is about); on a tie, the one used first. ``None``
    when they use none."""
    return theme_of_hits(cue_hits(_words(text)) for text in texts)


def theme_of_hits(hit_lists: Iterable[Sequence[tuple[int, int]]]) -> Theme | None:
    """:func:`article_theme` of texts whose :func:`cue_hits` are ``hit_lists`` (a
    :class:`Theme`, which also names the article's hazard)."""
    rules = category_rules()
    counts: dict[str, int] = {}
    for hits in hit_lists:
        for _, index in hits:
            if not rules.weak[index] and not rules.yields_to[index]:
                name = rules.names[index]
                counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    # dicts keep insertion order: max() returns the first used among the most frequent.
    hazards = [name for name in counts if name in HAZARDS]
    hazard = max(hazards, key=lambda name: counts[name]) if hazards else None
    return Theme(max(counts, key=lambda name: counts[name]), hazard)


def event_category(passage: str) -> str | None:
    """Return the category of the happening ``passage`` states: that of the first entry of
    ``categories.toml`` that is not ``weak`` with a cue in it; ``None`` when only weak cues
    ("said", "minister") or none match (the passage states no happening)."""
    return event_category_of_words(_words(passage))


def stated_categories(passage: str) -> frozenset[str]:
    """Return every category whose non-``weak`` cues ``passage`` holds: the kinds of
    happening it states ("A quake killed 14 and forced 1,200 from their homes": natural
    disaster and displacement). Empty when it states none."""
    rules = category_rules()
    return frozenset(
        rules.names[index] for _, index in cue_hits(_words(passage)) if not rules.weak[index]
    )


def event_category_of_words(words: str) -> str | None:
    """:func:`event_category` of a passage already in :func:`_words` form."""
    rules = category_rules()
    best = min(
        (index for _, index in cue_hits(words) if not rules.weak[index]), default=None
    )
    return None if best is None else rules.names[best]


# A number written in digits ("26", "3,811", "2.5 thousand"), then at most three plain words
# (who: "rioters", "security forces"), an optional auxiliary ("had been", "were"), then the
# word that says what the number counts. A bare year ("In 2016 ... jailed") is no count, nor
# are the minutes of a clock time ("09:25 Most of the dead are in ...": a live-blog stamp).
# Numbers in words ("dozens", "hundreds") are left out on purpose: they are not counts an
# analyst can add up.
# Exact counts written as words are counts too ("Twelve people were injured", "police
# detained nine people"); "one" is left out ("one of the protesters").
_NUMBER_WORDS: Final = {
    w: n for n, w in enumerate(re.findall(
        r"\w+", "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty"), start=0) if n >= 2
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
     "ninety": 90}
# A compound number word ("Twenty-three students", "Forty-four people", "sixty seven") is one
# count, never its last part.
_TENS: Final = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS: Final = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBER: Final = (
    r"(?!(?:19|20)\d\d\b)(?P<n>\d{1,3}(?:,\d{3})+|\d+"
    r"|(?<![-‐–])(?i:(?:" + "|".join(_TENS) + r")\s+(?:" + "|".join(_UNITS) + r")\b"
    r"|(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")(?:[-‐–](?:" + "|".join(_UNITS) + r"))?\b))(?:\s+(?P<mult>hundred|thousand|million)\b)?"
)
_UNIT_VALUES: Final = {w: n for n, w in enumerate(_UNITS, start=1)}


def _count_value(n: str) -> int:
    """The value of a count's number as written: digits ("1,200"), a number word, or a
    compound one ("twenty-three", "sixty seven": 23, 67; "five-six", a range, gives its upper
    end as ranges do elsewhere). Raises KeyError for a word that is none of them."""
    if not n[0].isalpha():
        return int(n.replace(",", ""))
    low = n.lower()
    if low in _NUMBER_WORDS:
        return _NUMBER_WORDS[low]
    first, second = re.split(r"[-‐–\s]+", low)
    if first in _TENS:
        return _NUMBER_WORDS[first] + _UNIT_VALUES[second]
    return _UNIT_VALUES[second]  # "five-six": a range, its upper end as elsewhere
_WHO: Final = r"(?:\s+(?!and\b|or\b)[A-Za-z][A-Za-z'’-]*){0,3}?"
_AUX: Final = r"(?:\s+(?:had|have|has|were|was|are|is|been|being|reportedly|also))*"
_FIGURE_WORDS: Final[dict[str, str]] = {
    # Bodies found are people killed ("two more bodies had been found", "220 bodies have been
    # recovered"); other bodies are no count ("three government bodies"): see _BODIES_FOUND.
    "killed": r"killed|shot\s+dead|dead|died|deaths|fatalities|lives lost|drowned|bodies"
              # "beaten to death", "stabbed to death" (session 13).
              # (One alternative per verb: each must hold a stem, test_events.py.)
              r"|beaten\s+to\s+death|stabbed\s+to\s+death|hacked\s+to\s+death"
              r"|burned\s+to\s+death|burnt\s+to\s+death|crushed\s+to\s+death"
              r"|trampled\s+to\s+death|bludgeoned\s+to\s+death|clubbed\s+to\s+death",
    # Treated for wounds, taken to hospital with injuries: injured ("64 people had been
    # treated for gunshot wounds"; not "treated for cholera").
    "injured": r"injured|wounded|hurt|injuries|hospitali[sz]ed"
               # (Each alternative holds a stem of _COLUMN_STEMS: the quick test's.)
               r"|treated\s+for\s+(?:[a-z]+\s+){0,3}?(?:wounds?|injur[a-z]*)"
               r"|taken\s+to\s+(?:\w+\s+)?hospitals?\s+with\s+(?:[a-z]+\s+)?injur[a-z]*"
               r"|taken\s+to\s+(?:\w+\s+)?hospitals?\s+with\s+(?:[a-z]+\s+)?wounds",
    "detained": r"detained|arrested|arrests|detentions|in custody|jailed",
    "troops": r"troops|soldiers|paratroopers|servicemen|peacekeepers",
    "missing": r"missing|unaccounted\s+for|abducted|kidnapped",
    # Forced from their homes or spending the night in a shelter: displaced.
    "displaced": r"displaced|evacuated|homeless|fled|uprooted|left\s+their\s+homes"
                 r"|forced\s+from\s+their\s+homes|forced\s+out\s+of\s+their\s+homes"
                 r"|spent\s+\w+\s+night\s+in"
                 # Told to leave, left homeless (session 13).
                 r"|told\s+to\s+leave\s+their\s+homes|ordered\s+to\s+leave\s+their\s+homes"
                 r"|urged\s+to\s+leave\s+their\s+homes|asked\s+to\s+leave\s+their\s+homes"
                 r"|left\s+homeless"
                 # Refugees arriving from elsewhere: "8,000 refugees crossed into ...".
                 r"|refugees\s+(?:ha\w*\s+)?crossed|refugees\s+(?:ha\w*\s+)?arrived"
                 r"|refugees\s+(?:ha\w*\s+)?poured",
    "cases": r"cases|infections",
}
# An aside between the people counted and the verb: "Eight people, including three
# children, were killed".
_ASIDE: Final = (
    r"(?:\s*,\s*(?:including|among\s+them|most\s+of\s+them|many\s+of\s+them|mostly)\b"
    r"[^,.;:!?]{0,60},)?"
)
# What must follow "bodies" for them to be counted: a finding verb.
_BODIES_FOUND: Final = (
    r"(?=\s+(?:(?:had|have|has|were|was)\s+)?(?:been\s+)?"
    r"(?:found|recovered|retrieved|pulled|washed))"
)
_FIGURE_PATTERNS: Final = {
    column: re.compile(
        rf"(?<![\w.,:]){_NUMBER}{_WHO}{_ASIDE}{_AUX}(?:\s+(?:suffered|sustained))?\s+"
        rf"(?:{words.replace('bodies', 'bodies' + _BODIES_FOUND)})\b",
        re.IGNORECASE,
    )
    for column, words in _FIGURE_WORDS.items()
}
# The same counts written verb first: "Police detained 40 people", "killed 18 security
# officers", "killing 5 people", and a count joined on after the victims named first
# ("protesters being killed in clashes along with at least 12 policemen"). The number must
# be followed by a word naming people, so "arrested 3 times" or "killed 2 days ago" is no
# count.
_QUALIFIER: Final = (
    r"(?:(?:at\s+least|more\s+than|over|about|around|nearly|almost|up\s+to|some|roughly|"
    r"approximately|another|a\s+further)\s+)?"
)
_PEOPLE: Final = (
    r"(?:people|persons|civilians|protesters|protestors|demonstrators|rioters|residents|"
    r"soldiers|troops|servicemen|officers|policemen|police|personnel|guards|fighters|"
    r"militants|gunmen|insurgents|rebels|terrorists|bandits|members|men|women|children|"
    r"journalists|activists|students|workers|others|more|citizens|foreigners|suspects|"
    r"pupils|schoolchildren|schoolgirls|schoolboys|girls|boys|villagers|passengers|patients|"
    r"refugees|migrants|inhabitants|"
    # People named by what they are or do.
    r"worshipp?ers|pilgrims|hikers|climbers|trekkers|tourists|guides|leaders|builders|"
    r"inmates|prisoners|detainees|miners|fishermen|farmers|traders|vendors|staff|employees|"
    r"nurses|doctors|medics|teachers|officials|supporters|youths|teenagers|minors|babies|"
    r"infants|adults|drivers|firefighters|rescuers|mourners|voters|crew|sailors|"
    r"spectators|fans|commuters|settlers|herders|gendarmes|militiamen|guerrillas|"
    r"looters|bystanders|pedestrians|volunteers|peacekeepers|paramedics|"
    r"monks|nuns|priests|clerics|imams|pastors)"
)
_VERB_FIRST: Final[dict[str, str]] = {
    # "found the bodies of six people": bodies are people killed (see _FIGURE_WORDS).
    "killed": r"killed|killing|kills|shot\s+dead|bodies\s+of",
    # People treated for injuries are injured ("Hospitals treated 160 people for burns and
    # smoke"; not "treated 40 people for cholera": _TREATED_FOR).
    "injured": r"injured|injuring|wounded|wounding|treated",
    "detained": r"detained|detaining|arrested|arresting|jailed|rounded\s+up|apprehended",
    "missing": r"abducted|abducting|kidnapped|kidnapping",
    "displaced": r"displaced|displacing|evacuated|evacuating|uprooted|uprooting"
                 r"|evacuation\s+of",  # "ordered the evacuation of 1,200 people"
}
# The lower end of a range before a count told verb first ("detained 30-40 students",
# "killed between five and seven civilians"): the upper end is read, as a range told
# number first ("Between 10 and 12 people were killed": 12).
_LOW_NUMBER: Final = (
    r"(?!(?:19|20)\d\d\b)(?:\d{1,3}(?:,\d{3})+|\d+|(?i:"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b)"
)
_RANGE_LOW: Final = (
    rf"(?:(?i:between)\s+{_LOW_NUMBER}\s+(?i:and)\s+"
    rf"|{_LOW_NUMBER}(?:\s*[-–]\s*|\s+(?i:to|or)\s+))"
)
_VERB_FIRST_PATTERNS: Final = {
    column: re.compile(
        rf"\b(?:{verbs})"
        # Optionally the victims first, then "along with", "including", "as well as".
        rf"(?:(?:\s+[\w’'-]+){{0,6}}?\s+(?:along\s+with|including|as\s+well\s+as))?"
        # "killing its three crew" (session 17: bl13)
        rf"\s+(?:(?i:its|their)\s+)?{_QUALIFIER}(?:{_RANGE_LOW})?{_NUMBER}"
        rf"(?:(?:\s+[A-Za-z][\w’'-]*){{0,2}}?\s+{_PEOPLE}\b"
        # "killing four of them" (session 17: bl16)
        r"|\s+of\s+them\b"
        # Or the people named for the first count are left out after the second:
        # "killing four civilians and wounding seven," - the number ends the clause.
        # (A number is whole: the "4" of "4,000 families" ends nothing.)
        rf"|(?<=\w)(?![.,]\d)(?=\s*(?:[,;.!?)]|\s+and\b|$)))",
        re.IGNORECASE,
    )
    for column, verbs in _VERB_FIRST.items()
}
# Two groups counted under one verb: "Three police officers and two civilians were
# killed" is five killed (the pattern above reads only the second group). The first group
# must open a clause and name people ("3,000 troops" sent, "eight of them Americans" or
# "3 villages" are no such group; "between 10 and 12 people" is a range).
_GROUP_BEFORE: Final = re.compile(
    rf"(?:^|[,;:]\s+|\(\s*|\b(?:said|says|say|that|but|while|when)\s+"
    # "left nine protesters and three police officers injured", "with 12 ... and 4 ... hurt"
    rf"|\b(?:left|leaving|leaves|with)\s+){_QUALIFIER}{_NUMBER}"
    rf"(?:\s+[A-Za-z][\w’'-]*){{0,2}}?\s+{_PEOPLE}\s*,?\s+and\s+{_QUALIFIER}\Z",
    re.IGNORECASE,
)
_SUMMED: Final = ("killed", "injured", "detained", "missing")
# A second group after a verb-first count, under the same verb: "Gunmen killed 12 villagers
# and four soldiers" is 16 killed (before: killed 12 and troops 4). Not when the second
# group has a verb of its own ("killed 3 soldiers and 12 civilians were wounded").
_GROUP_AFTER: Final = re.compile(
    rf"(?:\s+{_PEOPLE}\b)?\s*,?\s+and\s+{_QUALIFIER}{_NUMBER}"
    rf"(?:\s+[A-Za-z][\w’'-]*){{0,2}}?\s+{_PEOPLE}\b"
    r"(?!\s+(?:were|was|are|is|had|have|has|died|remain|remained)\b)",
    re.IGNORECASE,
)
# A part of a group counted after it ("five of its six crew were killed", "Four of the 12
# miners", "One of the two pilots died"): the part is the count, not the group (session 13).
_PART_OF: Final = re.compile(
    rf"(?<![\w,.-])(?:(?P<one>(?i:one))\b|{_NUMBER})\s+(?i:of)\s+"
    r"(?:(?i:the|its|their|his|her|these|those)\s+)?\Z")
# A running total: "the death toll rose to 164", "death toll of at least 30", "the death
# toll climbed to 2,316, and ..." (a comma after the number ends it; one before a digit
# does not).
_TOLL: Final = re.compile(
    rf"\b(?:death|casualty)\s+toll\b[^\d.;:!?]{{0,60}}?(?<![\w,]){_NUMBER}(?!\w|,\d)",
    re.IGNORECASE,
)
# A casualty word after the soldiers counted ("2 soldiers were killed") says they are
# casualties, not a deployment.
# A toll told by a verb, after other words and numbers: "the toll from the bus crash had
# risen to 23", "the death toll from three days of storms rose to 41", "the number of
# people killed ... passed 60".
# (No digit between: "the death toll since 8 August stood at 41" is left as before; but a
# magnitude is no count and may stand between, session 16: "the death toll from the
# magnitude 6.2 earthquake that shook ... rose to 23", "a 5.9-magnitude quake".)
_RISE: Final = (r"(?:[^\d.;:!?]|(?<=magnitude\s)\d\.\d\b|\b\d\.\d(?=[\s-]+magnitude\b))"
                r"{0,100}?\b(?:rose|risen|climbed|reached|passed|jumped|increased|"
                r"went\s+up|stood\s+at|stands\s+at|hit)\s+(?:(?:to|past|at)\s+)?")
_TOLL_RISE: Final = re.compile(
    r"\b(?:(?:death|casualty)\s+)?toll\b(?!\s+(?:road|booth|gate|plaza|free))"
    r"|\bnumber\s+of\s+(?:people\s+)?(?:killed|dead|deaths|fatalities)\b",
    re.IGNORECASE)
# Or a toll put at a number, the number right after "toll at" ("The ministry had put the
# toll at 14 late on Tuesday", "putting the death toll at 74"; session 17, bl15 and bl16:
# an earlier toll the next paragraph tells); not a clock time ("the toll at 9 a.m.").
_TOLL_AT: Final = r"(?<=toll)\s+at\s+(?!\d{1,2}(?:[:.]\d\d|\s*[ap]\.?m\b))"
_TOLL_RISE_COUNT: Final = re.compile(rf"(?:{_TOLL_AT}|{_RISE}){_QUALIFIER}{_NUMBER}(?!\w|,\d)",
                                     re.IGNORECASE)
# Bodies found, recovered or brought in are people killed (session 17: bl13, bl14, bl15):
# "firefighters found eight bodies in the mud", "14 bodies with gunshot wounds had been
# brought in" (not "two bodies, the council and the army"; "the bodies of" is _VERB_FIRST's).
_BODY_VERBS: Final = (r"(?:found|finds|recovered|recovering|pulled|retrieved|dug\s+out|"
                      r"brought\s+in|received|identified|washed\s+(?:up|ashore))")
_BODIES_TAKEN: Final = re.compile(
    rf"\b{_BODY_VERBS}\s+(?:(?:another|a\s+further)\s+)?{_QUALIFIER}{_NUMBER}"
    r"\s+(?:(?:more|further|other)\s+)?bodies\b", re.IGNORECASE)
_BODIES_TOLD: Final = re.compile(
    rf"(?<![\w,.]){_QUALIFIER}{_NUMBER}\s+(?:(?:more|further|other)\s+)?bodies\b"
    rf"(?=[^.;:!?]{{0,80}}?\b(?:were|was|had\s+been|have\s+been|are)\s+{_BODY_VERBS})",
    re.IGNORECASE)
# A toll the sentence raises, the verb before it (session 17: bl15, fg19, bl16): "...,
# raising the toll from Monday's landslide in X to 31", "bringing the death toll in the
# capital to 19", "raised the toll from two days of fighting to 27 dead". The raised toll
# is the sentence's killed figure, not the few "more" who died (see _read_figures); not
# "raising fears", "the national total" (the nation's, read as before) or "the road toll".
_TOLL_RAISED: Final = re.compile(
    r"\b(?:rais(?:ing|ed|es)|bring(?:ing|s)?|brought|tak(?:ing|es)|took|push(?:ing|ed|es)|"
    r"lift(?:ing|ed|s))\s+(?:the|its|their)\s+(?:overall\s+)?"
    r"(?:(?:death|casualty)\s+)?toll\b(?!\s+(?:road|booth|gate|plaza|free))"
    rf"[^\d.;:!?]{{0,100}}?\bto\s+{_QUALIFIER}{_NUMBER}(?!\w|,\d)",
    re.IGNORECASE)
# An earlier toll told again (session 17: bl14b, bl15, bl16, c19): "had put the toll at
# 14", "The toll was 21 a week ago" (the verb right after "toll"; "the death toll" is
# read by _TOLL already).
_TOLL_AGAIN: Final = re.compile(
    r"(?:\bput\s+(?:the|its|their)\s+toll\s+at"
    r"|(?<!death\s)(?<!casualty\s)\btoll\s+(?:was|is|had\s+been|has\s+been)(?:\s+at)?)"
    rf"\s+{_QUALIFIER}{_NUMBER}(?!\w|,\d)",
    re.IGNORECASE)
# The same for disease cases: "the number of suspected cases ... rose past 2,300" (not
# "cases of theft").
_CASES_RISE: Final = re.compile(
    rf"\bnumber\s+of\s+(?:(?:suspected|confirmed|new|reported|recorded)\s+)*"
    rf"(?:cases|infections)\b(?!\s+of\b){_RISE}{_QUALIFIER}{_NUMBER}(?!\w|,\d)",
    re.IGNORECASE)
# And for displaced people: "the number of displaced people in the country has passed 2
# million", "the number of people displaced by the floods rose to 41,000" (session 14,
# audit au13e D11; not "displaced cattle").
_DISPLACED_RISE: Final = re.compile(
    rf"\bnumber\s+of\s+(?:(?:internally\s+)?displaced\s+(?:people|persons|residents)|"
    rf"(?:people|persons|residents)\s+displaced)\b{_RISE}{_QUALIFIER}{_NUMBER}(?!\w|,\d)",
    re.IGNORECASE)
# People flown or ferried out (evacuated): "Rescuers flew 75 stranded people out of the
# valley", "Helicopters flew out 420 of them" (not "flew 40 tonnes of food",
# "flew 300 passengers to Paris").
# So are people moved to shelters or camps ("moved about 900 residents by bus to
# shelters"; not "moved 300 workers to its new plant").
_FLOWN_OUT: Final = re.compile(
    rf"\b(?:flew|flown|airlifted|airlifting|ferried|ferrying|moved|relocated|bused|bussed)"
    rf"\s+(?P<out>out\s+)?"
    rf"{_QUALIFIER}{_NUMBER}(?:\s+of\s+them|(?:\s+[A-Za-z][\w’'-]*){{0,2}}?\s+{_PEOPLE})\b"
    rf"(?(out)|(?=[^.;:!?]{{0,60}}?\b(?:out\s+of|out\b|to\s+safety|"
    rf"to\s+(?:\w+\s+)?(?:shelters?|camps?|evacuation\s+centres?))))",
    re.IGNORECASE)
# People sheltered away from home are displaced (session 16: c16, c17, bl15): "more than
# 20,000 people spent Tuesday in schools and churches", "were put up overnight in a sports
# hall", "are sleeping in 14 sites" (not "spent Wednesday in meetings").
# (A school only as a building: "spent the day in school" is a pupil's day.)
_SHELTERS: Final = (r"(?:schools|school\s+(?:gyms?|halls?|buildings?)|churches|church|shelters?|"
                    r"tents?|gyms?|gymnasiums?|halls?|camps?|mosques?|stadiums?|sites|centres|"
                    r"centers)\b")
_SHELTERED: Final = re.compile(
    rf"(?<![\w.,:]){_NUMBER}{_WHO}{_ASIDE}{_AUX}\s+"
    rf"(?:spent\s+(?:[\w-]+\s+){{1,2}}?in\s+(?:[\w'’-]+\s+){{0,3}}?{_SHELTERS}"
    rf"|put\s+up\s+(?:overnight\s+)?in\b"
    rf"|sleeping\s+in\s+(?:[\w'’-]+\s+){{0,3}}?{_SHELTERS})",
    re.IGNORECASE)
# People taken off roofs or balconies by rescuers are evacuated (session 16: c16, c17):
# "took about 2,300 residents off the roofs of their houses", "lifted 160 people from
# rooftops" (not "took 40 tonnes of rubble off the roofs").
_OFF_ROOFS: Final = re.compile(
    rf"\b(?:took|taken|lifted|plucked|winched|pulled|rescued|airlifted|brought)\s+"
    rf"{_QUALIFIER}(?:{_RANGE_LOW})?{_NUMBER}(?:\s+[A-Za-z][\w’'-]*){{0,2}}?\s+{_PEOPLE}\s+"
    rf"(?:down\s+)?(?:off|from)\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,2}}?"
    rf"(?:roofs?|rooftops?|balcon(?:y|ies))\b",
    re.IGNORECASE)
# People ordered or told to leave, named verb first with words between (session 16: bl12,
# bl13): "ordered about 44,000 residents of Nysa, further downstream, to leave their homes"
# (not "ordered 60 protesters to disperse", "told 12 officials to leave the talks").
_TOLD_TO_LEAVE: Final = re.compile(
    rf"\b(?:ordered|told|urged|asked|instructed)\s+{_QUALIFIER}{_NUMBER}"
    rf"(?:\s+[A-Za-z][\w’'-]*){{0,2}}?\s+{_PEOPLE}\b"
    rf"(?=[^.;:!?]{{0,80}}?\bto\s+(?:leave\s+(?:their\s+(?:homes?|houses?|villages?|towns?)|"
    rf"the\s+area|the\s+town|the\s+village|the\s+city|at\s+once)|evacuate|flee)\b)",
    re.IGNORECASE)
# People held hostage are missing: "inmates held 11 guards hostage".
_HOSTAGE: Final = re.compile(
    rf"\b(?:held|holding|took|taking|seized|seizing)\s+{_QUALIFIER}{_NUMBER}"
    rf"(?:\s+[A-Za-z][\w’'-]*){{0,2}}?\s+hostages?\b", re.IGNORECASE)
# The later count of a toll that changed ("rose from 12 to 19"): see find_figures.
_TOLL_LATER: Final = re.compile(
    rf"\s+to\s+(?:(?:at\s+least|more\s+than|over|about|nearly|almost)\s+)?"
    rf"{_NUMBER}(?!\w|,\d)", re.IGNORECASE)
_FROM_BEFORE: Final = re.compile(r"\bfrom\s+\Z", re.IGNORECASE)
_CASUALTY_NUMBERS: Final = ("killed", "injured", "detained", "missing")
_DIGIT: Final = re.compile(r"\d")


def _match_count(match: re.Match[str]) -> int:
    """The count ``match`` reads: its number (group ``n``, see :func:`_count_value`) times
    its multiplier word ("million", group ``mult``), if any."""
    return _count_value(match["n"]) * _MULTIPLIER.get((match["mult"] or "").lower(), 1)


def _has_digit(text: str) -> bool:
    """Whether ``_DIGIT`` matches in ``text``. On ASCII text a digit is one of ten
    characters: ten substring tests (each a memchr) cost half the scan, whose ``\\d`` asks
    Unicode's tables about every character."""
    if text.isascii():
        for digit in "0123456789":  # noqa: SIM110 - a loop, not any(): no generator per call
            if digit in text:
                return True
        return False
    return _DIGIT.search(text) is not None


# Every count pattern holds a word starting with one of these stems: a few substring tests
# on the lowered passage rule out most passages (those whose digits are dates, years or
# addresses) before the patterns run, at a tenth of the cost of one scan for the words.
# Per figure, so only the patterns of figures whose stems are there run.
# People flown or moved out (_FLOWN_OUT) have a mark of their own, so these frequent verbs
# run that one pattern only.
_MOVED: Final = "moved out"
# Marks of people taken off roofs (_OFF_ROOFS) and told to leave (_TOLD_TO_LEAVE).
_TAKEN_OFF: Final = "taken off"
_SHELTER: Final = "sheltered"
_TOLD_OUT: Final = "told out"
_COLUMN_STEMS: Final[dict[str, tuple[str, ...]]] = {
    _MOVED: ("flew", "flown", "airlift", "ferried", "moved", "relocat", "bused", "bussed"),
    "killed": ("kill", "dead", "die", "death", "fatalit", "lives lost", "drown", "bodies"),
    "injured": ("injur", "wound", "hurt", "hospitali", "treated"),
    "detained": ("detain", "detention", "arrest", "custody", "jail", "rounded up", "apprehend"),
    "troops": ("troop", "soldier", "servicem", "peacekeep"),
    "missing": ("missing", "unaccounted", "abduct", "kidnap", "hostage"),
    "displaced": ("displac", "evacuat", "homeless", "fled", "uproot", "left their homes",
                  "forced from", "forced out", "night in", "refugees", "leave their homes"),
    _SHELTER: ("spent", "put up", "sleeping in"),
    _TAKEN_OFF: ("roof", "balcon"),
    _TOLD_OUT: ("to leave", "to evacuate", "to flee"),
    "cases": ("case", "infection"),
}
_FIGURE_STEMS: Final = (*(s for stems in _COLUMN_STEMS.values() for s in stems), "toll")
# Marks, in _PREFILTER's values, a number word and the word "toll".
_A_NUMBER_WORD: Final = "#"
_TOLL_STEM: Final = "toll"


def _prefilter() -> ahocorasick.Automaton:
    """One automaton for every substring test find_figures makes before its patterns: each
    number word, each figure stem and "toll", valued by the set of marks (figure columns,
    ``_A_NUMBER_WORD``, ``_TOLL_STEM``) it stands for. One scan of a lowered passage then
    says which of them it holds, as the ``in`` tests one by one did (every occurrence is
    reported, overlapping ones too)."""
    marks: dict[str, set[str]] = {w: {_A_NUMBER_WORD} for w in _NUMBER_WORDS}
    for column, stems in _COLUMN_STEMS.items():
        for stem in stems:
            marks.setdefault(stem, set()).add(column)
    marks.setdefault("toll", set()).add(_TOLL_STEM)
    automaton = ahocorasick.Automaton()
    for key, value in marks.items():
        automaton.add_word(key, frozenset(value))
    automaton.make_automaton()
    return automaton


_PREFILTER: Final = _prefilter()


def _stem_prefilter() -> ahocorasick.Automaton:
    """:func:`_prefilter` without the number words: the figure stems and "toll" only. Most
    passages hold none of them, and number words are frequent substrings ("often",
    "network", "tent": every hit is a step of a Python loop), so find_figures looks for
    the stems first and for a number word only in a passage that has one."""
    automaton = ahocorasick.Automaton()
    for key, marks in _PREFILTER.items():
        stem_marks = frozenset(marks - {_A_NUMBER_WORD})
        if stem_marks:
            automaton.add_word(key, stem_marks)
    automaton.make_automaton()
    return automaton


def _number_word_finder() -> ahocorasick.Automaton:
    """The number words of :data:`_NUMBER_WORDS` as an automaton (any hit is enough)."""
    automaton = ahocorasick.Automaton()
    for word in _NUMBER_WORDS:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


_STEM_PREFILTER: Final = _stem_prefilter()
_NUMBER_WORD_FINDER: Final = _number_word_finder()


def _stem_marks(lowered: str) -> set[str]:
    """The figure columns whose stems ``lowered`` (a lowered passage) holds, and
    ``_TOLL_STEM`` if it holds "toll": :func:`_figure_marks` less ``_A_NUMBER_WORD``."""
    present: set[str] = set()
    for _, marks in _STEM_PREFILTER.iter(lowered):
        present |= marks
    return present


def _has_number_word(lowered: str) -> bool:
    """Whether ``lowered`` holds a number word of :data:`_NUMBER_WORDS` (as a substring)."""
    for _ in _NUMBER_WORD_FINDER.iter(lowered):
        return True
    return False


def _figure_marks(lowered: str) -> set[str]:
    """The marks of every number word, figure stem and "toll" in ``lowered`` (a lowered
    passage): the figure columns whose stems it holds, ``_A_NUMBER_WORD`` if it holds a
    number word, ``_TOLL_STEM`` if it holds "toll". Raises nothing."""
    present = _stem_marks(lowered)
    if _has_number_word(lowered):
        present.add(_A_NUMBER_WORD)
    return present
# Counted things that are no people: a number whose words name one of these ("4,000 dead
# wild birds", "180,000 chickens were culled", "26,000 families fled"), or that is money,
# a share or an age, is no figure. (Families and households are counted, not people.)
_NOT_PEOPLE: Final = (
    r"birds?|chickens?|poultry|hens?|ducks?|geese|swans?|turkeys?|cattle|cows?|sheep|"
    r"goats?|pigs?|swine|animals?|livestock|fish|dogs?|cats?|horses?|camels?|donkeys?|"
    r"deer|elephants?|wildlife|mink|houses?|buildings?|hectares?|acres?|vehicles?|"
    r"cars?|trucks?|families|households|tons?|tonnes?|km|kilometres?|kilometers?|miles?|"
    r"metres?|meters?|kg|years?|days?|hours?|weeks?|months?|percent|dollars?|euros?"
)
_NOT_PEOPLE_AMONG: Final = re.compile(rf"\b(?:{_NOT_PEOPLE})\b", re.IGNORECASE)
# Places and things people live or are helped in, counted right after the number: "2,000
# homes were evacuated", "300 tents were destroyed and 40 people were hurt" (not among the
# words above: "people left their homes" is a count of people).
_THINGS_AFTER_NUMBER: Final = re.compile(
    r"\s+(?:homes?|dwellings?|shelters?|tents?|huts?|shops?|businesses|schools?|"
    r"hospitals?|clinics?|villages?|towns?|farms?|structures?|doses?|kits?|beds?|"
    r"parcels?|packages?|containers?|boats?|flights?|planes?|helicopters?)\b",
    re.IGNORECASE)
# Right after the figure word, the thing counted: "dead wild birds", "dead cattle".
_NOT_PEOPLE_AFTER: Final = re.compile(
    rf"\s+(?:(?!(?:in|at|on|of|and|or|as|by|from|after|when|near|to|with|while)\b)"
    rf"[a-z]+\s+)?(?:{_NOT_PEOPLE})\b",
    re.IGNORECASE,
)
# A reading on a scale counts nobody: "an earthquake of magnitude 7 killed 3 people", "a
# category 4 cyclone killed 20", "a 6-magnitude quake".
_SCALE_BEFORE: Final = re.compile(
    r"\b(?i:magnitude|category|level|force|grade|scale)(?:\s+of)?[\s:-]*\Z")
_SCALE_AFTER: Final = re.compile(r"(?:\.\d+)?\s*-?\s*(?i:magnitude|on\s+the\s+richter)\b")
_MONEY_OR_SHARE_BEFORE: Final = re.compile(r"(?:[$€£¥]|\b(?i:aged|age|ages|US\$))\s*\Z")
# What people were treated for, when they count as injured: "treated 160 people for burns".
_TREATED_FOR: Final = re.compile(
    r"[^.;:]{0,20}?\bfor\s+(?:burns|injuries|wounds|smoke|gunshot|cuts|fractures|broken)",
    re.IGNORECASE)
_SHARE_AFTER: Final = re.compile(r"\s*(?:%|(?i:per\s*cent\b))")
# Troops a country has or keeps somewhere ("France, which has 5,100 troops in the Sahel")
# are a standing force, not a deployment the passage tells of.
_STANDING_FORCE: Final = re.compile(
    rf"\b(?i:has|have|had|keeps?|kept|maintains?|stations?|bases?)\s+{_QUALIFIER}\Z"
)
# A count told for many countries or the world belongs to no single place.
_NO_SINGLE_PLACE: Final = re.compile(
    r"\b(?:globally|worldwide|world-wide|(?:around|across)\s+the\s+(?:world|globe)|"
    r"in\s+total\s+across|across\s+(?:\w+\s+){0,2}countries|"
    r"in\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many)\s+countries|"
    # A toll told for two happenings at once (session 17, seen on TBAQ: "the toll for both
    # bombings"): neither place's.
    r"(?:for|from)\s+both)\b",
    re.IGNORECASE,
)
_MULTIPLIER: Final = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
# More people than live on Earth is no count (and beyond 2**63 the table's integer columns
# overflow, which stopped the whole export): such a number is not read as a figure.
_MOST_PEOPLE: Final = 10_000_000_000


class Figure(NamedTuple):
    """One count found in a passage: which figure, its value, and where its number is
    (passage offsets)."""

    column: str
    value: int
    start: int
    end: int
    # A place's part of a count the sentence splits by place ("eight of them in Maputo"):
    # see find_figures and sitmap.events._figures.figures_by_place.
    part: bool = False


def find_figures(passage: str) -> list[Figure]:
    """Every count in ``passage`` (:func:`_read_figures`), read once per text (a new list
    each call): the borrowed and placeless rows and the asides read the builder's
    sentences again (760 of 11,895 calls on the dev texts)."""
    return list(_kept_figures(passage))


@lru_cache(maxsize=_KEPT)
def _kept_figures(passage: str) -> tuple[Figure, ...]:
    return tuple(_read_figures(passage))


def _read_figures(passage: str) -> list[Figure]:
    """Every count in ``passage``, in text order: number first (``_FIGURE_WORDS``), verb
    first (``_VERB_FIRST``) or a death toll.

    Two groups counted under one verb are summed ("Three police officers and two
    civilians were killed": 5); an aside may stand between the people and the verb ("Eight
    people, including three children, were killed": 8).

    One number counts one thing: when a number is read both as a casualty figure and as
    troops ("2 soldiers were killed", "killed 18 soldiers"), it is the casualty figure
    (soldiers killed are not a deployment); otherwise its first reading wins. A number
    above ten billion is no count and is left out.
    """
    # The stems first (most passages have none), then a number: digits or a number word.
    lowered = passage.lower()
    present = _stem_marks(lowered)
    if not present or (not _has_digit(passage) and not _has_number_word(lowered)):
        return []
    toll = _TOLL_STEM in present
    present.discard(_TOLL_STEM)
    found: list[Figure] = []
    summed: dict[Figure, Figure] = {}
    absorbed: set[int] = set()  # numbers a verb-first count took as its second group
    patterns = [
        *((c, p) for c, p in _FIGURE_PATTERNS.items() if c in present),
        *((c, p) for c, p in _VERB_FIRST_PATTERNS.items() if c in present),
        *([("killed", _TOLL)] if toll else []),
        *([("killed", _BODIES_TAKEN), ("killed", _BODIES_TOLD)] if "bodies" in lowered
          else []),
        *([("cases", _CASES_RISE)] if "cases" in present else []),
        *([("displaced", _FLOWN_OUT)] if _MOVED in present else []),
        *([("displaced", _OFF_ROOFS)] if _TAKEN_OFF in present else []),
        *([("displaced", _SHELTERED)] if _SHELTER in present else []),
        *([("displaced", _TOLD_TO_LEAVE)] if _TOLD_OUT in present else []),
        *([("displaced", _DISPLACED_RISE)] if "displaced" in present else []),
        *([("missing", _HOSTAGE)] if "missing" in present else []),
    ]
    matches: list[tuple[str, re.Pattern[str], re.Match[str]]] = [
        (column, pattern, match) for column, pattern in patterns
        for match in pattern.finditer(passage)]
    raised = -1  # where a toll the sentence raises is told (its number's start)
    if toll or ("killed" in present and "number of" in lowered):
        for opening in _TOLL_RISE.finditer(passage):
            rise = _TOLL_RISE_COUNT.match(passage, opening.end())
            if rise is not None:
                matches.append(("killed", _TOLL_RISE_COUNT, rise))
        if toll:
            for rise in _TOLL_RAISED.finditer(passage):
                if _counts_people(passage, rise, "killed"):
                    matches.append(("killed", _TOLL_RAISED, rise))
                    raised = rise.start("n")
            matches.extend(("killed", _TOLL_AGAIN, again)
                           for again in _TOLL_AGAIN.finditer(passage))
    for column, pattern, match in matches:
        if not _counts_people(passage, match, column):
            continue
        where = match.start("n")
        if pattern is _TOLL:
            later = _TOLL_LATER.match(passage, match.end())
            if later is not None and _FROM_BEFORE.search(passage, max(0, where - 6), where):
                match = later  # "the toll rose from 12 to 19": 19
        value = _match_count(match)
        if value > _MOST_PEOPLE:
            continue
        figure = Figure(column, value, match.start("n"), match.end("n"))
        if " of " in passage[max(0, where - 20) : where]:
            part = _PART_OF.search(passage, max(0, where - 40), where)
            if part is not None:
                value = 1 if part["one"] else _match_count(part)
                figure = Figure(column, value, part.start(), match.end("n"))
        if (column in _SUMMED and pattern is _VERB_FIRST_PATTERNS.get(column)
                and match.group(0)[-1:].isalpha()):
            second = _GROUP_AFTER.match(passage, match.end())
            if second is not None:
                value += _match_count(second)
                absorbed.add(second.start("n"))
                figure = figure._replace(value=value)
        if column in _SUMMED and pattern is _FIGURE_PATTERNS.get(column):
            group = _GROUP_BEFORE.search(passage, max(0, figure.start - 80), figure.start)
            if group is not None and _counts_people(passage, group, column):
                more = _match_count(group)
                summed[figure] = figure._replace(value=value + more,
                                                 start=group.start("n"))
        # A count split by place ("11 people had died, eight of them in Maputo and three in
        # Nampula"): the parts are the places' counts, the total is theirs together.
        parts = (_parts(passage, match.end(), column)
                 if pattern not in (_TOLL_RISE_COUNT, _TOLL_RAISED, _TOLL_AGAIN) else [])
        found.extend(parts or (figure,))
    # A first group that another count reads ("Rebels killed 3 soldiers and 12 civilians
    # were wounded": the 3 are killed; "sent 3,000 troops and ...") is not summed.
    starts = {f.start for f in found}
    found = [s if (s := summed.get(f)) is not None and s.start not in starts else f
             for f in found]
    if raised >= 0:
        # "Two more bodies were found, raising the toll to 14": the toll, not the two.
        found = [f for f in found if f.column != "killed" or f.start >= raised]
    casualties = {f.start for f in found if f.column in _CASUALTY_NUMBERS}
    kept: dict[int, Figure] = {}
    for figure in found:
        if figure.column == "troops" and figure.start in casualties:
            continue
        if figure.start in absorbed and figure.column not in _CASUALTY_NUMBERS:
            continue  # "killed 12 villagers and four soldiers": not four troops
        kept.setdefault(figure.start, figure)
    return sorted(kept.values(), key=lambda f: f.start)


# A count split by place: ", eight of them in Maputo" (the first part says "of them"),
# then "and three in Nampula", ", two in the city of X" ...
# (A hyphen only between the words of a name, never inside one: a long hyphenated name
# can then be read one way only, so a failed match cannot backtrack through every split.)
_PLACE_NAME: Final = (r"(?:the\s+(?:(?:city|town|province|district|state|region|village)\s+of"
                      r"\s+)?)?[A-Z][\w'’]*(?:(?:\s+|-)[A-Z][\w'’]*){0,6}")
_SPLIT_FIRST: Final = re.compile(
    rf"[^.;:!?]{{0,60}}?,\s*{_NUMBER}\s+of\s+them\s+(?:(?:were|was|died|killed)\s+)?in\s+"
    rf"(?={_PLACE_NAME})")
_SPLIT_NEXT: Final = re.compile(
    rf"{_PLACE_NAME}(?:\s+(?:city|province|district|state|region))?(?:\s*,\s*|,?\s+and\s+)"
    rf"{_NUMBER}\s+(?:(?:were|was|died|killed)\s+)?in\s+(?={_PLACE_NAME})")


def _parts(passage: str, end: int, column: str) -> list[Figure]:
    """The parts of a count whose words end at ``end`` when the sentence splits it by place
    right after ("..., eight of them in Maputo and three in Nampula"): one figure of
    ``column`` per place, marked ``part``; none when it is not split. Raises nothing."""
    first = _SPLIT_FIRST.match(passage, end)
    if first is None:
        return []
    out: list[Figure] = []
    match: re.Match[str] | None = first
    while match is not None:
        out.append(Figure(column, _match_count(match), match.start("n"), match.end("n"), True))
        match = _SPLIT_NEXT.match(passage, match.end())
    return out


# A number that is the day of a date ("since August 8", "on Nov. 1", "8 August") counts
# nobody: "The death toll since August 8 has passed 160" gives no toll of 8.
_MONTHS: Final = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May)|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTH_BEFORE: Final = re.compile(rf"\b{_MONTHS}\.?\s+$", re.IGNORECASE)
_MONTH_AFTER: Final = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b", re.IGNORECASE)


def _counts_people(passage: str, match: re.Match[str], column: str) -> bool:
    """Whether a count pattern's ``match`` counts people: not money, a share or an age
    ("$100 million", "80 percent", "aged 25"), no non-person noun among the words that
    say what is counted or right after the figure word ("4,000 dead wild birds"), and for
    troops not a standing force ("which has 5,100 troops in the Sahel")."""
    start, end = match.start("n"), match.end("n")
    if _MONEY_OR_SHARE_BEFORE.search(passage, max(0, start - 8), start):
        return False
    if (_SCALE_BEFORE.search(passage, max(0, start - 16), start)
            or _SCALE_AFTER.match(passage, end)):
        return False
    if passage[start].isdigit() and (
            _MONTH_BEFORE.search(passage, max(0, start - 11), start)
            or _MONTH_AFTER.match(passage, end)):
        return False
    if _SHARE_AFTER.match(passage, end):
        return False
    if _PAST_WHEN.search(passage, max(0, start - 120), start):
        return False
    if column == "troops" and _STANDING_FORCE.search(passage, max(0, start - 40), start):
        return False
    if (column == "injured" and passage[match.start() : match.start() + 7].lower() == "treated"
            and not _TREATED_FOR.match(passage, match.end())):
        return False
    if (match.re is _TOLL_RISE_COUNT or match.re is _CASES_RISE or match.re is _DISPLACED_RISE
            or match.re is _TOLL_RAISED or match.re is _TOLL_AGAIN
            or match.re is _BODIES_TAKEN or match.re is _BODIES_TOLD):
        # The words before the count are the toll's own ("from three days of storms").
        return _NOT_PEOPLE_AFTER.match(passage, end) is None and not _THINGS_AFTER_NUMBER.match(
            passage, end)
    who = passage[match.start() : match.end()]
    if _NOT_PEOPLE_AMONG.search(who):
        return False
    if _THINGS_AFTER_NUMBER.match(passage, match.end("mult") if match["mult"] else end):
        return False
    return _NOT_PEOPLE_AFTER.match(passage, match.end()) is None


# A count inside a clause that opens "<year>, when" tells what happened then ("since the
# vote of 2019, when more than 30 people were arrested"), not the story's happening: no
# figure. A count after the clause ("In 2031, when the dam broke, 40 died") is kept.
_PAST_WHEN: Final = re.compile(r"\b(?:19|20)\d\d\s*,\s*when\b[^,.;:!?]*\Z")
# A count the sentence says is the nation's: "nationwide", "the national toll".
_NATIONAL: Final = re.compile(
    r"\b(?:nationwide|nation-wide|countrywide|country-wide|nationally|national\s+(?:total|toll|"
    r"tally|figure|count)|across\s+the\s+(?:country|nation)|in\s+the\s+whole\s+country)\b",
    re.IGNORECASE,
)


def national(passage: str) -> bool:
    """Whether ``passage`` says its counts are the nation's ("nationwide", "the national
    total", "across the country")."""
    return _NATIONAL.search(passage) is not None


def no_single_place(passage: str) -> bool:
    """Whether ``passage`` tells its counts for the world or many countries ("Globally, 91
    people have died", "across two countries"): such counts belong to no place it names."""
    return _NO_SINGLE_PLACE.search(passage) is not None


# What parse_figures has always returned: the casualties and troops.
_PARSED: Final = ("killed", "injured", "detained", "troops")


def parse_figures(passage: str) -> dict[str, int | None]:
    """Return ``{killed, injured, detained, troops}`` counted in ``passage``.

    The first number given for each figure wins; a figure the passage does not give in
    digits is ``None``. (The figures added later, ``cases``, ``missing`` and
    ``displaced``, are read by :func:`find_figures`; this keeps its four keys.)
    """
    found: dict[str, int | None] = dict.fromkeys(_PARSED)
    for figure in find_figures(passage):
        if figure.column in found and found[figure.column] is None:
            found[figure.column] = figure.value
    return found
