"""The article panel's HTML: the article's places as links, the selected passage marked.

Article text is untrusted: every piece of it is HTML-escaped, so markup in an article shows
as the characters it is made of.
"""

from __future__ import annotations

import html

import pandas as pd

__all__ = ["article_html"]


def _spans(events: pd.DataFrame, column: str) -> list[tuple[int, int, str, str]]:
    starts = events[f"{column}_start"]
    ends = events[f"{column}_end"]
    ok = starts.notna() & ends.notna()
    return [
        (int(s), int(e), str(eid), str(role))
        for s, e, eid, role in zip(
            starts[ok], ends[ok], events["event_id"][ok], events["role"][ok], strict=True
        )
    ]


def article_html(
    text: str,
    events: pd.DataFrame,
    *,
    title: str = "",
    meta: str = "",
    selected: str = "",
) -> str:
    """Return the panel's HTML for one article.

    ``events`` are the article's events (event table rows); each toponym span becomes an
    ``event:<id>`` link (the selected event's, where several share a name), the selected
    event's passage and toponym are marked. Offsets outside ``text`` are ignored.
    """
    # Several rows may share one name (a sentence naming no place takes its place, and the
    # name's offsets, from an earlier one): the selected row's link wins that name.
    places = sorted(
        (s for s in _spans(events, "toponym") if 0 <= s[0] < s[1] <= len(text)),
        key=lambda s: (s[0], s[1], s[2] != selected, s[2], s[3]),
    )
    chosen = events[events["event_id"] == selected] if selected else events.iloc[:0]
    passage = (0, 0)
    if len(chosen):
        row = chosen.iloc[0]
        if pd.notna(row["passage_start"]) and pd.notna(row["passage_end"]):
            passage = (int(row["passage_start"]), int(row["passage_end"]))

    # Cut the text at every boundary, then wrap each piece in what covers it.
    links: list[tuple[int, int, str, str]] = []
    for span in places:
        if not links or span[0] >= links[-1][1]:  # overlapping names: the first one wins
            links.append(span)
    cuts = sorted({0, len(text), *passage, *(p for s in links for p in s[:2])})
    cuts = [c for c in cuts if 0 <= c <= len(text)]
    out: list[str] = []
    link_iter = iter(links)
    link = next(link_iter, None)
    for a, b in zip(cuts, cuts[1:], strict=False):
        while link is not None and link[1] <= a:
            link = next(link_iter, None)
        piece = html.escape(text[a:b])
        if link is not None and link[0] <= a and b <= link[1]:
            _, _, eid, role = link
            here = eid == selected
            klass = "here" if here else ("background" if role != "event" else "")
            piece = f'<a href="event:{html.escape(eid)}" class="{klass}">{piece}</a>'
        if passage[0] <= a and b <= passage[1] and passage[0] < passage[1]:
            piece = f'<span class="passage">{piece}</span>'
        out.append(piece)
    body = "".join(out).replace("\n", "<br>")
    head = f"<h2>{html.escape(title)}</h2>" if title else ""
    if meta:
        head += f'<div class="meta">{html.escape(meta)}</div>'
    return f"<html><body>{head}<div>{body}</div></body></html>"
