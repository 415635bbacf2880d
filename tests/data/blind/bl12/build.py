"""Build documents.jsonl, events.jsonl and places.jsonl of the bl12 blind set from
articles.py, checking every offset. Run with PYTHONPATH at a sitmap checkout (only the
gazetteer is used, to copy the points of places given by id):

    PYTHONPATH=/work/wt/bl12 /work/main/.venv/bin/python /tmp/bl12-holdout/build.py
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from articles import ART, HOLDOUT  # noqa: E402

from sitmap.geocode import fold, open_gazetteer  # noqa: E402

g = open_gazetteer()


def place(spec):
    """Gold place dict from a spec ("Name", id) or ("Name", "gold", lat, lon)."""
    name, pid, *ll = spec
    if pid == "gold":
        return {"name": name, "lat": ll[0], "lon": ll[1], "id": "sitmap-gold:" + name}
    if pid == "water":
        return {"name": name, "lat": None, "lon": None, "id": None}
    for h in g.lookup(fold(name)):
        if h.place.id == pid:
            p = h.place
            d = {"name": p.name, "lat": round(p.lat, 3), "lon": round(p.lon, 3), "id": p.id}
            if p.geonameid:
                d["geonameid"] = p.geonameid
            return d
    raise SystemExit(f"no {pid} for {name}")


_END = re.compile(r'[.!?]["\u201d]?(?=\s|$)|\n')


def sentence(text, snippet, nth=0):
    """(start, end) of the sentence that begins at the snippet (snippet must be unique)."""
    assert text.count(snippet) == 1, snippet
    i = text.index(snippet)
    pos = i
    while True:
        m = _END.search(text, pos)
        if m is None:
            return i, len(text)
        if m.group() == "\n":
            return i, m.start()
        before = text[max(0, m.start() - 5):m.end()]
        after = text[m.end():m.end() + 3]
        if (before.endswith(("a.m.", "p.m.")) and re.match(r"\s[a-z0-9]", after)) or \
                before.endswith(("Oct.", "Sept.", "Dec.", "Feb.")):
            pos = m.end()
            continue
        return i, m.end()


def sentence_start_ok(text, s):
    """A sentence starts the text, a line, or follows '. ' / '- ' (live-blog time stamp)."""
    return s == 0 or text[s - 1] == "\n" or text[s - 2:s] in (". ", "- ", '" ') or \
        text[s - 2:s] == ". "


def toponyms(text, specs, looks):
    taken = [(s, e) for s, e, _ in looks]
    out = []
    for surface, kind, spec in specs:
        name, _, right = surface.partition("|")
        for m in re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![\w])"
                             + (f"(?={re.escape(right)})" if right else ""), text):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            taken.append((s, e))
            if kind.startswith("SKIP"):
                continue
            p = place(spec)
            out.append({"start": s, "end": e, "text": name, "lat": p["lat"], "lon": p["lon"],
                        "kind": kind, **({"geonameid": p["geonameid"]} if p.get("geonameid") else {})})
    out.sort(key=lambda t: t["start"])
    return out


def main():
    docs, evs, places = [], [], []
    for did in HOLDOUT:
        a = ART[did]
        t = a["text"]
        looks = []
        for snip, s, e, kind in a["looks"]:
            assert t.count(snip) == 1, snip
            i = t.index(snip)
            looks.append((i + s, i + e, kind))
            print(f"{did} look {kind}: {t[i + s:i + e]!r}")
        words = len(t.split())
        print(f"{did}: {words} words, dct {a['dct']}")
        assert 300 <= words <= 500, (did, words)
        docs.append({"id": did, "origin": "own", "dct": a["dct"], "title": a["title"], "text": t,
                     "lookalikes": [{"start": s, "end": e, "kind": k} for s, e, k in looks]})
        for snip, pls, date, cat, figs in a["events"]:
            s, e = sentence(t, snip)
            assert sentence_start_ok(t, s), (did, t[s - 3:s + 20])
            assert t[e - 1] in '.!?"' or t[e:e + 1] == "\n", (did, t[s:e])
            print(f"  * [{s}-{e}] {cat} {figs} {date} {[p[0] for p in pls]}: {t[s:e]!r}")
            evs.append({"doc": did, "start": s, "end": e, "places": [place(p) for p in pls],
                        "date": list(date) if date else None, "category": cat, "figures": figs})
        tops = toponyms(t, a["toponyms"], looks)
        for tp in tops:
            assert t[tp["start"]:tp["end"]] == tp["text"]
        print("  toponyms:", ", ".join(f"{x['text']}@{x['start']}" for x in tops))
        places.append({"id": did, "text": t, "toponyms": tops,
                       "note": "bl12 blind set: written 2026-12-07, not tuned on"})
    for name, rows in (("documents.jsonl", docs), ("events.jsonl", evs), ("places.jsonl", places)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(docs)} documents, {len(evs)} events, "
          f"{sum(len(p['toponyms']) for p in places)} toponyms")


main()
