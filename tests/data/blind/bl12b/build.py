"""Build documents.jsonl, events.jsonl (event gold, tests/data/events_gold format) and
places.jsonl (toponym gold, tests/data/places trial format) from articles.py.
Run: PYTHONPATH=<a sitmap checkout> python build.py OUTDIR  (the gazetteer only gives the ids
and points of gold places named with id None or an explicit id)."""
import json, os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from articles import ART, HOLDOUT, NOTES
from sitmap.geocode import open_gazetteer, fold

g = open_gazetteer()
PICK = {}  # name -> chosen id, when the first hit is not the place meant
try:
    from picks import PICK  # noqa: F811
except ImportError:
    pass


def place(name, pid=None, *ll):
    if pid == "gold":
        return {"name": name, "lat": ll[0], "lon": ll[1], "id": "sitmap-gold:" + name}
    hs = g.lookup(fold(name))
    if not hs:
        raise SystemExit(f"no gazetteer entry for {name}")
    want = pid or PICK.get(name) or hs[0].place.id
    for h in hs:
        if h.place.id == want:
            p = h.place
            d = {"name": p.name, "lat": round(p.lat, 3), "lon": round(p.lon, 3), "id": p.id}
            if getattr(p, "geonameid", None):
                d["geonameid"] = p.geonameid
            return d
    raise SystemExit(f"no {want} for {name}")


def show(name):
    for h in g.lookup(fold(name))[:4]:
        p = h.place
        print(f"      cand {name!r}: {p.id} {p.name} {getattr(p, 'country_code', '')} {p.lat:.3f},{p.lon:.3f} pop={getattr(p, 'population', '')} kind={getattr(p, 'kind', '')}")


SENT_END = re.compile(r'[.!?]["\u201d]?(?=\s|$)|\n')


def sentence(text, snippet):
    assert text.count(snippet) == 1, snippet
    i = text.index(snippet)
    pos = i
    while True:
        m = SENT_END.search(text, pos)
        if m.group() == "\n":
            return i, m.start()
        before = text[max(0, m.start() - 4):m.end()]
        if before.endswith((" Dr.", "U.S.", "Dec.", "Feb.", "Sept.", "a.m.", "p.m.")) or re.search(r"\d\.\d", text[m.start() - 1:m.end() + 1]):
            pos = m.end()
            continue
        return i, m.end()


def build(ids, verbose):
    docs, evs, places = [], [], []
    for did in ids:
        a = ART[did]
        t = a["text"]
        looks = []
        for snip, inner, kind in a["looks"]:
            assert t.count(snip) == 1, snip
            i = t.index(snip)
            s = snip.index(inner)
            e = s + len(inner)
            looks.append({"start": i + s, "end": i + e, "kind": kind})
            print(did, "look-alike", kind, repr(t[i + s:i + e]))
        docs.append({"id": did, "origin": "own", "dct": a["dct"], "title": a["title"], "text": t, "lookalikes": looks})
        print(did, len(t.split()), "words")
        for snip, pls, date, cat, figs in a["events"]:
            s, e = sentence(t, snip)
            print("  *", repr(t[s:e]), cat, figs, date)
            out = [place(*p) for p in pls]
            for p, d in zip(pls, out):
                print("      ->", p[0], d["id"], d["name"], d["lat"], d["lon"])
                if verbose and p[1] is None:
                    show(p[0])
            evs.append({"doc": did, "start": s, "end": e, "places": out,
                        "date": list(date) if date else None, "category": cat, "figures": figs})
        topos = []
        for surf, which, lat, lon, kind in sorted(a["topos"], key=lambda x: -len(x[0])):
            occ = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(surf) + r"(?!\w)", t)]
            occ = [o for o in occ if not any(o < lk["end"] and o + len(surf) > lk["start"] for lk in looks)]
            occ = [o for o in occ if not any(o < x["end"] and o + len(surf) > x["start"] for x in topos)]
            assert occ, (did, surf)
            take = occ if which == "all" else [occ[k] for k in which]
            for o in take:
                topos.append({"start": o, "end": o + len(surf), "text": surf, "lat": lat, "lon": lon, "kind": kind})
        topos.sort(key=lambda x: x["start"])
        for x, y in zip(topos, topos[1:]):
            assert x["end"] <= y["start"], (did, x, y)
        for x in topos:
            assert t[x["start"]:x["end"]] == x["text"]
        places.append({"id": did, "text": t, "toponyms": topos, "note": NOTES[did]})
        print("  toponyms:", len(topos))
    return docs, evs, places


out = sys.argv[1]
docs, evs, places = build(HOLDOUT, "-v" in sys.argv)
os.makedirs(out, exist_ok=True)
for name, rows in (("documents.jsonl", docs), ("events.jsonl", evs), ("places.jsonl", places)):
    with open(os.path.join(out, name), "w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(docs), "documents,", len(evs), "events,", sum(len(p["toponyms"]) for p in places), "toponyms")
