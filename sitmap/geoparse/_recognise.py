"""Recognition: find the spans of a text that name a place in the gazetteer.

The :class:`Recogniser` runs the three steps, each in its own module: scanning finds the
capitalised spans whose scan form is a gazetteer key (``_scan``); the plausibility rules keep a
span as a place mention or drop it (``_plausible``); typo-tolerant matching finds close
misspellings of a few well-known names among the words left over (``_fuzzy``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from sitmap.geoparse._fuzzy import FuzzyMatcher
from sitmap.geoparse._mention import CACHE_SIZE, Hit, Lookup, Mention
from sitmap.geoparse._names import NameTable
from sitmap.geoparse._plausible import (
    Plausibility,
    drop_other_names,
    drop_person_names,
    drop_possessed_people,
    drop_sports_clubs,
    keep_listed,
)
from sitmap.geoparse._scan import Scanner, SpanScanner, gazetteer_keys

__all__ = ["Recogniser"]

def _reversed(words: str, *, capital: bool = False) -> str:
    """The alternation ``words`` ("a|b") spelled backwards, for the reversed list pattern; with
    ``capital``, each word's last letter (its first, forwards) either case ("seitnuo[cC]")."""
    out = []
    for word in words.split("|"):
        back = word[::-1]
        out.append(f"{back[:-1]}[{back[-1]}{back[-1].upper()}]" if capital else back)
    return "|".join(out)


# "Swift and Wilkin counties", "Clark, Hamilton or Preble counties", "Grant county", "Masisi
# territory", "Nuwakot and Dhading districts": names of second-level units written without
# their unit word; each is the unit, not the town.
_UNIT_NAME = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?"
# Each unit word (singular, plural) and the word of the gazetteer's unit names it stands for.
_UNIT_WORDS = {
    "county": "county", "counties": "county", "parish": "parish", "parishes": "parish",
    "district": "district", "districts": "district", "division": "division",
    "divisions": "division", "territory": "territory", "territories": "territory",
    "province": "province", "provinces": "province",
    # Indonesia's second-level units ("Agam and Tanah Datar regencies").
    "regency": "regency", "regencies": "regency",
}
_PLURALS = "counties|parishes|districts|divisions|territories|provinces|regencies"
_SINGULARS = "county|parish|district|division|territory|province|regency"
_UNIT_WORD = re.compile(rf"\b(?:{_PLURALS}|{_PLURALS.title()}|{_SINGULARS})\b")
# A list ending where the unit word found by _UNIT_WORD ends (searched in a window before it).
_UNIT_LIST = re.compile(
    rf"(?<![\w'’.-])({_UNIT_NAME})((?:(?:,|,? and|,? or|,? &) {_UNIT_NAME})*)"
    rf"(?:,? ({_PLURALS}|{_PLURALS.title()})| ({_SINGULARS}))\Z"
)
_UNIT_WINDOW = 300
# The same list read backwards from its unit word, to find where it starts in one anchored
# match rather than a search of the window.
_REV_NAME = r"[\w'’.-]*[A-Z](?![\w'’.-])(?: [\w'’.-]*[A-Z](?![\w'’.-]))?"
_UNIT_LIST_REVERSED = re.compile(
    rf"(?:(?:{_reversed(_PLURALS, capital=True)})(?: ,| )|(?:{_reversed(_SINGULARS)}) )"
    rf"{_REV_NAME}(?:(?: ,| (?:dna|ro|&)(?: ,| )){_REV_NAME})*"
)
_UNIT_MEMBER = re.compile(rf"(?:,|,? and|,? or|,? &) ({_UNIT_NAME})")

# A name and a lower-case feature word after it ("the Kosi river", "the Niger river", "the
# Swat valley", "Pemba island"): the feature, "<Name> River" where the gazetteer holds it,
# else a reading of the bare name that is such a feature; never a town or a country of that
# name (nothing, where the gazetteer has no such feature). Rivers and lakes are water; a
# valley, delta, basin, range or island may also be a region ("the Kashmir valley",
# "Sumatra island"). The words are found by substring first, as the unit words are.
_FEATURE_WORDS: dict[str, tuple[str, ...]] = {
    "river": ("water",), "lake": ("water",),
    "mountains": ("region", "water", "landmark"), "valley": ("region", "water", "landmark"),
    "delta": ("region", "water", "landmark"), "basin": ("region", "water", "landmark"),
    "island": ("region", "landmark"), "islands": ("region", "landmark"),
}
_FEATURE_NEEDLES = (" river", " lake", " mountains", " valley", " delta", " basin", " island")
_FEATURE_INITIALS = frozenset(needle[1] for needle in _FEATURE_NEEDLES)
# The capitalised name (one to three words) that ends right before a feature word.
_FEATURE_NAME_REVERSED = re.compile(
    r"[\w'’.]*[A-Z](?:-[\w'’.]*[A-Z])?(?: [\w'’.]*[A-Z]){0,2}(?![\w'’.-])"
)


# A capitalised feature word that is part of the name ("the St. Paul River", "Lake Karla",
# "Mount Kenya", "Taal Volcano"): the span is that feature where the gazetteer holds it (as
# the whole name, or the bare name's reading of the feature's kind), else nothing; never the
# town, country or region of the bare name. A gazetteer name that takes in the word ("Elbow
# Lake", "Goose Creek", "Mount Pleasant", "Lake Charles") is left to the scanner. Word ->
# (the kinds a bare name may be read as, the other key forms of the whole name).
_NAMED_AFTER: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    " River": (("water",), ()), " Lake": (("water",), ("lake {}",)),
    " Creek": (("water",), ()), " Bay": (("water",), ()),
    " Volcano": (("landmark",), ("mount {}",)), " volcano": (("landmark",), ("mount {}",)),
}
_NAMED_BEFORE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Lake ": (("water",), ("{} lake",)), "Mount ": (("landmark",), ("{} volcano",)),
    "Mt. ": (("landmark",), ("mount {}", "{} volcano")),
}
# (The same as rows, read without a call.)
_NAMED_AFTER_ROWS = tuple((word, *row) for word, row in _NAMED_AFTER.items())
_NAMED_BEFORE_ROWS = tuple((word, *row) for word, row in _NAMED_BEFORE.items())


class Recogniser:
    """Finds place-name spans; build once (the automaton costs a second or two)."""

    def __init__(
        self,
        names: NameTable,
        *,
        fold: Callable[[str], str],
        lookup: Lookup,
        fuzzy_names: dict[str, str] | None = None,
        scanner: Scanner = "auto",
    ) -> None:
        """``names`` is the gazetteer's name table and ``lookup`` reads the gazetteer (each
        text's new names in one call); ``fuzzy_names`` maps the folded names
        that get typo tolerance to their keys. ``scanner`` chooses how candidate spans are
        found (both ways find the same spans): "lookup" queries the table for each word
        n-gram, "automaton" builds an Aho-Corasick automaton over the whole table first.
        "auto" is "lookup": filling the automaton costs 1.1-1.5 s of CPU, and then (measured
        on LGL + TR-News, 1.36 MB) a whole parse with it is slower than with warm lookups
        (~0.51 against ~0.42 s per pass), while fetching the n-grams not seen before costs
        ~0.05 s per MB of new text: no batch size pays for the automaton."""
        self._lookup = lookup
        self._fold = fold
        self._scan = SpanScanner(names, fold=fold, scanner=scanner)
        self._known_hits: dict[str, tuple[Hit, ...]] = {}
        self._rules = Plausibility()
        self._fuzzy = FuzzyMatcher(fuzzy_names or {}, is_word=self._rules.is_word)

    def _hits(self, keys: Iterable[str]) -> dict[str, tuple[Hit, ...]]:
        """The gazetteer hits of each of ``keys`` (empty if it names nothing), with the keys
        not seen before fetched in one lookup: one query per text, not one per name."""
        known = self._known_hits
        out: dict[str, tuple[Hit, ...]] = {}
        missing: list[str] = []
        for key in keys:
            hits = known.get(key)
            if hits is None:
                missing.append(key)
            else:
                out[key] = hits
        if missing:
            fetched = self._lookup(missing)
            if len(known) + len(missing) > CACHE_SIZE:
                # A fresh dict, not clear(): another thread may be reading the old one.
                known = self._known_hits = {}
            for key in missing:
                out[key] = known[key] = tuple(fetched.get(key, ()))
        return out

    def find(self, text: str) -> list[Mention]:
        """Return the place mentions in ``text``, non-overlapping, in text order."""
        raw, long_words = self._scan.scan(text)
        wanted: set[str] = set()
        for _, _, value in raw:
            if value.isprintable():
                wanted.add(value)  # one plain key, the common case (markers are control codes)
            else:
                wanted.update(gazetteer_keys(value))
        hits = self._hits(wanted)
        # Longest names first; a span inside an accepted name is not looked at ("York" in
        # "New York"), as the longest accepted reading wins anyway.
        order = _longest_first(raw)
        covered = bytearray(len(text) + 1)
        chosen: list[Mention] = []
        for unit in self._unit_lists(text):
            if covered.find(1, unit.start, unit.end) == -1:
                chosen.append(unit)
                covered[unit.start : unit.end] = b"\x01" * (unit.end - unit.start)
        features, blocked = self._feature_names(text, {end for _, _, _, end in order})
        for feature in features:
            if covered.find(1, feature.start, feature.end) == -1:
                chosen.append(feature)
                covered[feature.start : feature.end] = b"\x01" * (feature.end - feature.start)
        named, named_blocked = self._named_features(text, raw)
        for feature in named:
            if covered.find(1, feature.start, feature.end) == -1:
                chosen.append(feature)
                covered[feature.start : feature.end] = b"\x01" * (feature.end - feature.start)
        if named_blocked:
            blocked = blocked + named_blocked
        for start, end in blocked:
            covered[start:end] = b"\x01" * (end - start)
        person_parts: set[str] = set()
        teams: list[tuple[int, int]] = []
        other_names: set[str] = set()
        for _, start, keys, end in order:
            if covered.find(1, start, end) != -1:
                continue
            mention = self._rules.mention(
                text, start, end, keys, hits, person_parts, teams, other_names
            )
            if mention is not None and covered.find(1, mention.start, mention.end) == -1:
                chosen.append(mention)
                covered[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
            elif teams:
                # "Kansas City Chiefs": no name inside a team's name is a place ("Kansas").
                for t_start, t_end in teams:
                    covered[t_start:t_end] = b"\x01" * (t_end - t_start)
                teams.clear()
        if blocked:
            shown = chosen + [Mention(start, end, "", ()) for start, end in blocked]
            chosen.extend(self._fuzzy.mentions(text, shown, self._hits, long_words))
        else:
            chosen.extend(self._fuzzy.mentions(text, chosen, self._hits, long_words))
        chosen.sort(key=lambda m: m.start)
        if features:
            chosen = _one_feature_per_name(chosen, features)
        chosen = drop_possessed_people(text, drop_sports_clubs(text, chosen), person_parts)
        chosen = drop_person_names(text, keep_listed(text, chosen), person_parts)
        return drop_other_names(text, chosen, other_names)

    def _feature_names(
        self, text: str, ends: Iterable[int]
    ) -> tuple[list[Mention], list[tuple[int, int]]]:
        """The names before a lower-case feature word ("the Kosi river"): a mention of the
        feature for each the gazetteer holds ("Niger River", or a bare name's water or
        region reading), and the spans of the others, which name no place (not the town
        Kosi, not the country Niger). Only the names the scanner found are looked at
        (``ends``: where its candidate spans end), so a text is not searched once per
        feature word. Returns (mentions, blocked spans)."""
        found: list[tuple[int, int, str]] = []
        for at in ends:
            if text[at + 1 : at + 2] not in _FEATURE_INITIALS or text[at : at + 1] != " ":
                continue
            needle = next((n for n in _FEATURE_NEEDLES if text.startswith(n, at)), None)
            if needle is None:
                continue
            word_end = at + len(needle)
            if needle == " island" and text.startswith("s", word_end):
                word_end += 1
            after = text[word_end : word_end + 1]
            # A whole lower-case word ("lake-effect", "rivers'" are not) after a name.
            if not (after.isalnum() or after in "-_'’") and text[at - 1 : at].isalpha():
                back = _FEATURE_NAME_REVERSED.match(text[max(0, at - 60) : at][::-1])
                if back is not None:
                    found.append((at - back.end(), at, text[at + 1 : word_end]))
        if not found:
            return [], []
        candidates: list[tuple[int, int, str, list[tuple[int, str]]]] = []
        keys: set[str] = set()
        for start, end, word in found:
            # The name's last one, two or three words, longest first.
            starts = [start] + [i + 1 for i in range(start, end) if text[i] == " "]
            names = [(s, self._fold(text[s:end])) for s in starts]
            for _, bare in names:
                keys.update((bare, f"{bare} {word}", f"{word} {bare}"))
            candidates.append((start, end, word, names))
        hits = self._hits(keys)
        mentions: list[Mention] = []
        blocked: list[tuple[int, int]] = []
        for _, end, word, names in candidates:
            kinds = _FEATURE_WORDS[word]
            for s, bare in names:
                whole = hits.get(f"{bare} {word}", ()) + hits.get(f"{word} {bare}", ())
                features = tuple(h for h in whole if h.place.kind in kinds)
                if features:
                    mentions.append(Mention(s, end, text[s:end], features, feature_word=True))
                    break
                own = hits.get(bare, ())
                if own:
                    readings = tuple(h for h in own if h.place.kind in kinds)
                    if readings:
                        mentions.append(
                            Mention(s, end, text[s:end], readings, feature_word=True)
                        )
                    else:
                        blocked.append((s, end))
                    break
        return mentions, blocked

    def _named_features(
        self, text: str, raw: list[tuple[int, int, str]]
    ) -> tuple[list[Mention], list[tuple[int, int]]]:
        """The names a capitalised feature word joins ("the St. Paul River", "Lake Karla",
        "Mount Kenya", "Taal Volcano"; ``_NAMED_AFTER``, ``_NAMED_BEFORE``): a mention of
        the feature, spanning the word, where the gazetteer holds it, and the spans of the
        others, which name no place. A candidate span of the scanner that already takes in
        the word ("Elbow Lake", "Mount Pleasant") is a name of its own and is left alone.
        The words are found by substring first: most texts have none, and then the
        candidates are not looked at. Returns (mentions, blocked spans)."""
        # The words first, by substring (most texts have none), then the candidate spans
        # that end right before or start right after one.
        after: dict[int, tuple[int, tuple[str, ...], tuple[str, ...]]] = {}
        for word, kinds, forms in _NAMED_AFTER_ROWS:
            if word not in text:
                continue
            at = text.find(word)
            while at != -1:
                stop = at + len(word)
                if not text[stop : stop + 1].isalnum():
                    after[at] = (stop, kinds, forms)
                at = text.find(word, stop)
        before: dict[int, tuple[int, tuple[str, ...], tuple[str, ...]]] = {}
        for word, kinds, forms in _NAMED_BEFORE_ROWS:
            if word not in text:
                continue
            at = text.find(word)
            while at != -1:
                if at == 0 or not text[at - 1].isalnum():
                    before[at + len(word)] = (at, kinds, forms)
                at = text.find(word, at + 1)
        if not after and not before:
            return [], []
        cues: list[tuple[int, int, int, int, tuple[str, ...], tuple[str, ...]]] = []
        for start, end, _ in raw:
            if end in after:
                stop, kinds, forms = after[end]
                cues.append((start, end, start, stop, kinds, forms))
            if start in before:
                begin, kinds, forms = before[start]
                cues.append((start, end, begin, end, kinds, forms))
        if not cues:
            return [], []
        # (A span that takes in a feature word is a name of several words.)
        spans = [(start, end) for start, end, value in raw if " " in value]
        wanted: list[tuple[int, int, int, int, tuple[str, ...], str, list[str]]] = []
        keys: set[str] = set()
        for start, end, whole_start, whole_end, kinds, forms in cues:
            if any(s <= whole_start and e >= whole_end for s, e in spans):
                continue  # a name of its own ("Elbow Lake", "Lake Charles")
            bare = self._fold(text[start:end])
            names = [self._fold(text[whole_start:whole_end]), *(f.format(bare) for f in forms)]
            keys.update(names)
            keys.add(bare)
            wanted.append((start, end, whole_start, whole_end, kinds, bare, names))
        if not wanted:
            return [], []
        hits = self._hits(keys)
        mentions: list[Mention] = []
        blocked: list[tuple[int, int]] = []
        for _, _, whole_start, whole_end, kinds, bare, names in wanted:
            found = tuple(
                h for name in names for h in hits.get(name, ())
                if h.place.kind in ("water", "landmark", "region")
            ) or tuple(h for h in hits.get(bare, ()) if h.place.kind in kinds)
            if found:
                mentions.append(Mention(
                    whole_start, whole_end, text[whole_start:whole_end], found,
                    feature_word=True,
                ))
            else:
                blocked.append((whole_start, whole_end))
        return mentions, blocked

    def _unit_lists(self, text: str) -> list[Mention]:
        """The members of "A and B counties" lists (and "A county", "A district"), each a
        mention of the second-level unit "A County" ("A District") where the gazetteer has
        one and "A" itself names no country or first-level region ("Indiana counties" are
        the state's)."""
        names: list[tuple[int, int, str]] = []
        for word in _unit_words(text):
            # The name before the unit word ends in a capitalised word ("Masisi territory"):
            # "school district", "the province" end here, before the window is reversed.
            if not _capitalised_before(text, word.start() - 1):
                continue
            end = word.end()
            back = _UNIT_LIST_REVERSED.match(text[max(0, end - _UNIT_WINDOW) : end][::-1])
            if back is None:
                continue
            m = _UNIT_LIST.match(text, end - back.end(), end)
            if m is None:
                continue
            unit = _UNIT_WORDS[(m.group(3) or m.group(4) or "").lower()]
            members = [(m.start(1), m.end(1))]
            members += [(x.start(1), x.end(1)) for x in _UNIT_MEMBER.finditer(m.group(2))]
            offset = m.start(2)
            for i, (start, end) in enumerate(members):
                if i:
                    start, end = start + offset, end + offset
                names.append((start, end, unit))
                if " " in text[start:end]:
                    # "Otter Tail" or, failing that, "The Swift": its last word.
                    names.append((text.rindex(" ", start, end) + 1, end, unit))
        if not names:
            return []
        keys = {self._fold(text[s:e]) for s, e, _ in names}
        keys |= {f"{self._fold(text[s:e])} {u}" for s, e, u in names}
        hits = self._hits(keys)
        found: list[Mention] = []
        for start, end, unit in names:
            if found and found[-1].end == end:
                continue  # the whole two-word name was a unit
            bare = self._fold(text[start:end])
            if any(
                h.place.kind in ("country", "region") and h.name_type == "name"
                for h in hits.get(bare, ())
            ):
                continue
            units = hits.get(f"{bare} {unit}", ())
            if units:
                found.append(Mention(start, end, text[start:end], units, local_unit=True))
        return found


def _longest_first(raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str, int]]:
    """The spans ``(start, end, value)`` of ``raw`` as ``(start - end, start, value, end)``,
    longest first, then by start and value: the order ``sorted(raw, key=lambda r: (r[0] -
    r[1], r[0], r[2]))`` gives, without a call of the key function per span (two spans
    with equal keys are equal)."""
    return sorted([(start - end, start, value, end) for start, end, value in raw])


def _one_feature_per_name(chosen: list[Mention], features: list[Mention]) -> list[Mention]:
    """``chosen`` with each other mention of a feature's name ("Kosi" in a story of "the
    Kosi river") read as that feature, where its readings are otherwise towns and areas
    only also called so (not a country or region by its own name: "Niger's president"
    stays the country). Returns ``chosen`` (its mentions changed in place)."""
    by_name = {f.surface: f.hits for f in features}
    for m in chosen:
        hits = by_name.get(m.surface)
        if hits is None or m.hits is hits:
            continue
        if any(
            h.place.kind in ("country", "region") and h.name_type == "name" for h in m.hits
        ):
            continue
        m.hits = hits
    return chosen


def _capitalised_before(text: str, at: int) -> bool:
    """True if the word that ends at ``at`` (less a comma after it) starts with a capital
    A-Z, as the last word of ``_UNIT_NAME`` does."""
    if text[at - 1 : at] == ",":
        at -= 1
    start = at
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_'’.-"):
        start -= 1
    return start < at and "A" <= text[start] <= "Z"


def _unit_words(text: str) -> Iterator[re.Match[str]]:
    """The unit words of ``text`` ("counties", "parish", "district"), found by substring
    first: a regex scan of every position costs more than the rest of this step (each needle
    costs a scan of the text, about 0.2 % of a warm pass)."""
    for needle in ("ount", "arish", "istrict", "ivision", "erritor", "rovince", "egenc"):
        at = text.find(needle, 1)
        while at != -1:
            # "country", "amount", "mountain": only "county" and "counties" go on to the
            # pattern.
            if needle != "ount" or text[at + 4 : at + 5] in ("y", "i"):
                word = _UNIT_WORD.match(text, at - 1)
                if word is not None:
                    yield word
            at = text.find(needle, at + len(needle))
