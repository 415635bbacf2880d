"""sitmap.ingest: what a user gets from their files - text, metadata, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitmap.errors import DecodeError, InputError, MetadataError
from sitmap.ingest import MAX_BYTES, ArticleMetadata, article_from_text, load, read_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_000 = SEEDS / "000_94b04064989387af.txt"
SEED_004 = SEEDS / "004_5df01bedd44c567b.txt"


def sentences(article):
    return [article.text[s.start : s.end] for s in article.sentences]


# --- seeds -------------------------------------------------------------------------------


def test_seed_folder_loads_both_articles_byte_for_byte_with_sidecar_metadata() -> None:
    result = load([SEEDS])
    assert result.errors == []
    assert [Path(a.id).name for a in result.articles] == [SEED_000.name, SEED_004.name]
    first, second = result.articles
    assert first.text == SEED_000.read_bytes().decode("utf-8")
    assert second.text == SEED_004.read_bytes().decode("utf-8")
    assert "Kazakhstan’s largest city" in first.text
    assert first.title == "Eurasia Notes #13 - Kazakh Protest Or Failed Coup?"
    assert first.published == dt.date(2022, 1, 7)
    assert first.dateline_place == "Tbilisi"
    assert first.dateline_date == dt.date(2022, 1, 7)
    assert second.title == "Kremlin Fears ‘Color Revolution’ In Kazakhstan"
    assert second.author == "Jamie Dettmer"
    assert second.source == "Eurasia Review (from Voice of America)"
    assert second.dateline_place == ""


def test_seed_readme_is_not_an_article() -> None:
    ids = [a.id for a in load([SEEDS]).articles]
    assert not any(i.endswith("README.md") for i in ids)


def test_explicit_seed_file_gets_its_sidecar_metadata() -> None:
    result = load([SEED_004])
    assert result.errors == []
    assert result.articles[0].id == str(SEED_004)
    assert result.articles[0].published == dt.date(2022, 1, 7)


def test_seed_sentences_are_split_at_sentence_ends_not_abbreviations() -> None:
    article = read_file(SEED_000)
    found = sentences(article)
    assert "Tbilisi, Jan 7, 2022" in found
    assert any(s.startswith("Outbreaks of gunfire were heard on Thursday night") and
               s.endswith("dispersed protestors.") for s in found)
    assert any(s.startswith("U.S. sends F-16s to Poland") for s in found)
    for span in article.sentences:
        assert not article.text[span.start : span.end].startswith(" ")


def test_paragraphs_are_lines_in_seed_000() -> None:
    article = read_file(SEED_000)
    first_lines = [line for line in article.text.split("\n") if line.strip()]
    paras = [article.text[p.start : p.end] for p in article.paragraphs]
    assert paras == [line.strip() for line in first_lines]


# --- txt and paragraphs ------------------------------------------------------------------


def test_txt_first_line_is_title_unless_metadata_says_otherwise(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Headline here\n\nBody text. Second sentence.\n", encoding="utf-8")
    assert read_file(path).title == "Headline here"
    assert read_file(path, metadata=ArticleMetadata(title="Given")).title == "Given"


def test_hard_wrapped_text_joins_lines_into_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "Title\n\nThe first paragraph is wrapped at a fixed width and\n"
        "continues on the next line until it ends.\n\nA second paragraph\nis here too.\n",
        encoding="utf-8",
    )
    article = read_file(path)
    paras = [article.text[p.start : p.end] for p in article.paragraphs]
    assert paras[1].endswith("until it ends.")
    assert paras[2] == "A second paragraph\nis here too."


def test_a_title_line_over_a_short_story_is_its_own_sentence() -> None:
    """Two lines with no blank line between them are no hard-wrapped paragraph: the title's
    place would otherwise share the story's sentence (and its row)."""
    article = article_from_text(
        "a", "Unrest in Almaty\nOn Wednesday protesters stormed the akimat in Almaty.\n")
    assert [article.text[s.start : s.end] for s in article.sentences] == [
        "Unrest in Almaty", "On Wednesday protesters stormed the akimat in Almaty."]


def test_crlf_newlines_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "dos.txt"
    path.write_bytes(b"Title\r\nBody one.\r\nBody two.\r\n")
    assert read_file(path).text == "Title\nBody one.\nBody two.\n"


# --- encodings ---------------------------------------------------------------------------

RUSSIAN = "Алматы, 6 января. Протестующие захватили здание акимата.\n"
FRENCH = "Le café de la gare à Genève était fermé, dit-elle.\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (("Title\n" + FRENCH).encode("utf-8"), "Title\n" + FRENCH),
        (b"\xef\xbb\xbf" + ("Title\n" + FRENCH).encode("utf-8"), "Title\n" + FRENCH),
        (("Title\n" + RUSSIAN).encode("utf-16"), "Title\n" + RUSSIAN),
        (("Title\n" + FRENCH).encode("utf-16-le"), "Title\n" + FRENCH),
        (("Title\n" + FRENCH).encode("utf-16-be"), "Title\n" + FRENCH),
        (("Заголовок\n" + RUSSIAN).encode("cp1251"), "Заголовок\n" + RUSSIAN),
        (("Title\n" + FRENCH).encode("latin-1"), "Title\n" + FRENCH),
        ("Title\n“Quoted” – dash\n".encode("cp1252"), "Title\n“Quoted” – dash\n"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-no-bom", "utf16be-no-bom", "cp1251",
         "latin1", "cp1252"],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    assert read_file(path).text == expected


def test_binary_file_is_a_decode_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20)
    with pytest.raises(DecodeError, match=r"image\.txt: .*binary"):
        read_file(path)


def test_undecidable_single_byte_text_is_reported_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    # Decodes as mixed Latin/Cyrillic words in cp1251 and as all-accent words in latin-1.
    path.write_bytes(b"abc\xe0\xe1\xe2def \xe0\xe1\xe2 \xf0\xf1\xf2\xf3\n")
    with pytest.raises(DecodeError, match=r"odd\.txt: not UTF-8 .*save the file as UTF-8"):
        read_file(path)


def test_other_code_page_is_reported_with_a_hint_not_decoded(tmp_path: Path) -> None:
    path = tmp_path / "greek.txt"
    path.write_bytes("Η Αθήνα είναι η πρωτεύουσα της Ελλάδας και μεγάλη πόλη.\n".encode("cp1253"))
    with pytest.raises(DecodeError, match=r"greek\.txt: not UTF-8 .*perhaps cp1253"):
        read_file(path)


def test_koi8_r_is_not_mangled_into_cp1251(tmp_path: Path) -> None:
    path = tmp_path / "koi8.txt"
    path.write_bytes("Привет мир, как дела у тебя сегодня?\n".encode("koi8_r"))
    with pytest.raises(DecodeError, match=r"koi8\.txt: not UTF-8"):
        read_file(path)


def test_ukrainian_cp1251_decodes(tmp_path: Path) -> None:
    text = "Київ є столицею України і найбільшим містом країни.\n"
    path = tmp_path / "uk.txt"
    path.write_bytes(text.encode("cp1251"))
    assert read_file(path).text == text


@pytest.mark.parametrize("data", [b"", b"  \n\n\t\n", b"\xef\xbb\xbf\n"])
def test_empty_file_is_an_input_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"empty\.txt: file is empty"):
        read_file(path)


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(100_000_000)
    with pytest.raises(InputError, match=r"huge\.txt: file is 100\.0 MB; the limit is 20 MB"):
        read_file(path)
    at_limit = tmp_path / "at_limit.txt"
    with at_limit.open("wb") as fh:
        fh.truncate(MAX_BYTES)
    with pytest.raises(DecodeError, match="binary"):  # read, not refused for its size
        read_file(at_limit)


# --- markdown ----------------------------------------------------------------------------


def test_markdown_front_matter_gives_metadata_and_text_is_the_body(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: Unrest in Almaty\nsource: Field notes\nauthor: [A. Writer, B. Other]\n"
        "date: 2022-01-06\nlanguage: en\n---\n# Heading\n\nShots were heard.\n",
        encoding="utf-8",
    )
    article = read_file(path)
    assert article.title == "Unrest in Almaty"
    assert article.source == "Field notes"
    assert article.author == "A. Writer, B. Other"
    assert article.published == dt.date(2022, 1, 6)
    assert article.text == "# Heading\n\nShots were heard.\n"


def test_markdown_without_front_matter_takes_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("Intro line\n\n## The heading\n\nText.\n", encoding="utf-8")
    assert read_file(path).title == "The heading"


def test_malformed_front_matter_is_a_metadata_error_with_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: ok\ndate: [unclosed\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(MetadataError, match=r"bad\.md:\d+: front matter is not valid YAML"):
        read_file(path)


# --- html --------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="en"><head>
<title>Site | Clashes in Almaty</title>
<meta property="og:title" content="Clashes in Almaty">
<meta property="og:site_name" content="Example News">
<meta name="author" content="R. Porter">
<meta property="article:published_time" content="2022-01-06T18:30:00Z">
<style>p { color: red }</style><script>var nav = "Home";</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<aside>Most read: celebrity gossip</aside>
<article>
<h1>Clashes in   Almaty</h1>
<p>Gunfire was heard in <b>Almaty</b> on Thursday night &amp; into Friday.</p>
<p>The airport &lt;was&gt; closed.</p>
<script>track("x")</script>
</article>
<footer>Copyright 2022 Example News</footer>
</body></html>
"""


def test_html_main_text_without_boilerplate_and_meta(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = read_file(path)
    assert article.text == (
        "Clashes in Almaty\n"
        "Gunfire was heard in Almaty on Thursday night & into Friday.\n"
        "The airport <was> closed.\n"
    )
    assert article.title == "Clashes in Almaty"
    assert article.source == "Example News"
    assert article.author == "R. Porter"
    assert article.published == dt.date(2022, 1, 6)
    for word in ("Home", "gossip", "Copyright", "track", "color"):
        assert word not in article.text


def test_html_time_element_gives_date_when_no_meta(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(
        "<html><body><h1>T</h1><time datetime='2021-04-02'>2 April</time>"
        "<div>Body.</div></body></html>",
        encoding="utf-8",
    )
    article = read_file(path)
    assert article.published == dt.date(2021, 4, 2)
    assert article.text == "T\n2 April\nBody.\n"


# --- datelines ---------------------------------------------------------------------------


def test_wire_dateline_gives_place_and_keeps_text(tmp_path: Path) -> None:
    text = "Title\nALMATY, Kazakhstan (Reuters) - Protesters stormed the mayor's office.\n"
    article = article_from_text("w1", text, published=dt.date(2022, 1, 5))
    assert article.dateline_place == "Almaty"
    assert article.dateline_date is None
    assert article.text == text


def test_wire_dateline_with_yearless_date_takes_year_from_published() -> None:
    text = "MOSCOW, Dec 30 (AP) — Officials said the talks would go ahead.\n"
    article = article_from_text("w2", text, published=dt.date(2022, 1, 2))
    assert (article.dateline_place, article.dateline_date) == ("Moscow", dt.date(2021, 12, 30))


def test_wire_dateline_alone_on_its_line_ending_in_a_dash() -> None:
    # Some wires end the dateline line with its dash and start the lede below it. Before,
    # the dash had to be followed by a space on the same line, so no dateline was found.
    text = "\n\nKASSALA, March 30 (Wire) --\n\nResidents said the water was rising.\n"
    article = article_from_text("w3", text, published=dt.date(2021, 3, 31))
    assert (article.dateline_place, article.dateline_date) == ("Kassala", dt.date(2021, 3, 30))


def test_ordinary_first_sentence_is_not_a_dateline() -> None:
    article = article_from_text("x", "Almaty - the largest city - was quiet on Friday.\n")
    assert article.dateline_place == ""


def test_article_from_text_splits_and_keeps_metadata() -> None:
    article = article_from_text("doc-1", "One. Two here.\n\nThree!", title="T", source="S",
                                published=dt.date(2022, 1, 7))
    assert sentences(article) == ["One.", "Two here.", "Three!"]
    assert (article.title, article.source, article.published) == ("T", "S",
                                                                  dt.date(2022, 1, 7))


# --- folders, sidecars, errors -----------------------------------------------------------


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.txt").write_text("B title\nBody b.\n", encoding="utf-8")
    (folder / "a.md").write_text("# A title\nBody a.\n", encoding="utf-8")
    (folder / "sub" / "c.html").write_text("<title>C</title><p>Body c.</p>", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / ".hidden.txt").write_text("secret\n", encoding="utf-8")
    return folder


def test_folder_recurses_sorted_and_skips_unknown_types(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = load([folder])
    assert result.errors == []
    assert [Path(a.id).relative_to(folder).as_posix() for a in result.articles] == [
        "a.md", "b.txt", "sub/c.html"]


def test_sidecar_wins_over_guesses_and_limits_folder_files(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "index.csv").write_text(
        "file,title,source,author,published,dateline_place,language,notes\n"
        "b.txt,Sidecar title,Wire,Ann,2022-01-05,Almaty,en,\n",
        encoding="utf-8",
    )
    result = load([folder])
    assert result.errors == []
    names = [Path(a.id).relative_to(folder).as_posix() for a in result.articles]
    assert names == ["b.txt", "sub/c.html"]  # a.md not listed; sub/ has no sidecar
    b = result.articles[0]
    assert (b.title, b.source, b.author, b.published, b.dateline_place) == (
        "Sidecar title", "Wire", "Ann", dt.date(2022, 1, 5), "Almaty")


def test_malformed_sidecar_row_is_reported_and_files_still_load(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "index.csv").write_text(
        "file,title,published\n"
        "a.md,Good,2022-01-05\n"
        "b.txt,Bad date,07/01/2022\n"
        "missing.txt,Gone,\n",
        encoding="utf-8",
    )
    result = load([folder])
    messages = [str(e) for e in result.errors]
    assert all(isinstance(e, MetadataError) for e in result.errors)
    assert any("index.csv:3: published '07/01/2022' is not a YYYY-MM-DD date" in m
               for m in messages)
    assert any("index.csv:4: lists 'missing.txt', which is not there" in m for m in messages)
    titles = {Path(a.id).name: a.title for a in result.articles}
    assert titles["a.md"] == "Good"
    assert titles["b.txt"] == "B title"  # listed, but its row is bad: guessed metadata


def test_sidecar_without_file_column_falls_back_to_all_files(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "index.csv").write_text("name,title\nb.txt,X\n", encoding="utf-8")
    result = load([folder])
    assert [str(e).split(str(folder))[-1] for e in result.errors] == [
        "/index.csv:1: has no 'file' column (expected a header like "
        "file,title,source,author,published,dateline_place)"]
    assert len(result.articles) == 3
    assert {a.title for a in result.articles} == {"A title", "B title", "C"}


def test_bad_inputs_become_errors_and_the_rest_loads(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Good\nBody.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02" * 50)
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(b"%PDF")
    result = load([empty, binary, pdf, tmp_path / "absent.txt", good])
    assert [a.id for a in result.articles] == [str(good)]
    messages = [str(e) for e in result.errors]
    assert messages[0] == f"{empty}: file is empty"
    assert messages[1].startswith(f"{binary}: looks like a binary file")
    assert messages[2].startswith(f"{pdf}: unsupported file type '.pdf'")
    assert messages[3] == f"{tmp_path / 'absent.txt'}: no such file or folder"


def test_a_file_given_twice_is_one_article(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = load([folder / "b.txt", folder])
    ids = [a.id for a in result.articles]
    assert ids == [str(folder / "b.txt"), str(folder / "a.md"), str(folder / "sub" / "c.html")]


def test_progress_and_cancel(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    calls: list[tuple[int, int, str]] = []
    result = load([folder], progress=lambda d, t, p: calls.append((d, t, p)))
    assert [(d, t) for d, t, _ in calls] == [(0, 3), (1, 3), (2, 3)]
    assert calls[0][2].endswith("a.md")
    assert len(result.articles) == 3
    stopped = load([folder], progress=lambda *a: calls.append(a), cancelled=lambda: len(calls) >= 4)
    assert len(stopped.articles) == 1


def test_capitalised_word_and_dash_is_not_a_dateline() -> None:
    article = article_from_text("n", "NATO - the alliance - met on Monday.\n")
    assert article.dateline_place == ""


def test_public_names_are_pinned() -> None:
    import sitmap.ingest

    assert sorted(sitmap.ingest.__all__) == [
        "ArticleMetadata", "Dateline", "FilePlan", "LoadResult", "MAX_BYTES", "SIDECAR_NAME",
        "article_from_bytes", "article_from_text", "find_dateline", "load", "plan_files",
        "read_file"]
    assert all(hasattr(sitmap.ingest, name) for name in sitmap.ingest.__all__)


def test_unclosed_quote_in_sidecar_names_its_line_and_loses_only_that_row(
        tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for name in "abcd":
        (folder / f"{name}.txt").write_text(f"{name} guessed\nBody.\n", encoding="utf-8")
    (folder / "index.csv").write_text(
        "file,title\n"
        "a.txt,A listed\n"
        'b.txt,"Unclosed quote,...\n'
        "c.txt,C listed\n"
        'd.txt,"D listed"\n',
        encoding="utf-8",
    )
    result = load([folder])
    messages = [str(e).split(str(folder))[-1] for e in result.errors]
    assert len(messages) == 1 and messages[0].startswith("/index.csv:3: not valid CSV")
    titles = {Path(a.id).name: a.title for a in result.articles}
    assert titles == {"a.txt": "A listed", "b.txt": "b guessed", "c.txt": "C listed",
                      "d.txt": "D listed"}
    assert result.notices == []


def test_sidecar_quoted_field_spanning_lines_is_still_valid(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("a\nBody.\n", encoding="utf-8")
    (folder / "b.txt").write_text("b\nBody.\n", encoding="utf-8")
    (folder / "index.csv").write_text(
        'file,title,notes\na.txt,A,"two\nlines"\nb.txt,B,\n', encoding="utf-8")
    result = load([folder])
    assert result.errors == []
    assert {Path(a.id).name: a.title for a in result.articles} == {"a.txt": "A", "b.txt": "B"}


def test_files_a_sidecar_does_not_list_are_named_in_a_notice(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "index.csv").write_text("file,title\nb.txt,B\n", encoding="utf-8")
    result = load([folder])
    assert result.errors == []
    assert [Path(a.id).name for a in result.articles] == ["b.txt", "c.html"]
    assert result.notices == [
        f"{folder / 'index.csv'}: does not list 1 file(s) beside it, not read: a.md "
        "(add a row to read one)"]


def test_a_readme_beside_a_sidecar_is_not_named_in_a_notice(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "README.md").write_text("# About these files\n", encoding="utf-8")
    (folder / "index.csv").write_text("file,title\na.md,A\nb.txt,B\n", encoding="utf-8")
    result = load([folder])
    assert (result.errors, result.notices) == ([], [])
    assert len(result.articles) == 3


def test_html_page_furniture_marked_by_id_class_or_role_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body class='single has-sidebar'>"
        "<div id='header'>Home | World | Sport</div>"
        "<div class='cookie-banner'><p>We use cookies.</p></div>"
        "<ul class='main-menu'><li>Politics</li></ul>"
        "<div role='navigation'>Next story</div><div role='banner'>Daily Wire</div>"
        "<div class='content'><p>Protesters gathered in Almaty.</p>"
        "<div aria-hidden='true'>Hidden</div><p>Police detained 40 people.</p></div>"
        "<div class='site_sidebar'>Most read</div><aside>Also read</aside>"
        "<div role='contentinfo'>© 2022</div><div class='footer-links'>About us</div>"
        "</body></html>",
        encoding="utf-8",
    )
    article = read_file(path)
    assert article.text == "Protesters gathered in Almaty.\nPolice detained 40 people.\n"


def test_wire_dateline_keeps_the_state_written_after_its_place() -> None:
    from sitmap.ingest import find_dateline
    from sitmap.ingest._dateline import dateline_context

    text = "GLASGOW, Ky. (AP) — Crews in Glasgow cleared the bypass.\n"
    found = find_dateline(text)
    assert found is not None and (found.place, found.region) == ("Glasgow", "Ky.")
    assert dateline_context(text, article_from_text("g", text).dateline_place) == "Glasgow, Ky."
    line = "Tbilisi, Georgia - 7 January 2022\nTalks resumed.\n"
    assert dateline_context(line, "Tbilisi") == "Tbilisi, Georgia"
    # A sidecar's dateline place that is not the text's keeps no region; no dateline, none.
    assert dateline_context(text, "Louisville") == "Louisville"
    assert dateline_context("Talks resumed in Glasgow.", "") == ""


def test_a_sidecar_gives_the_source_country_and_reports_a_bad_one(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "index.csv").write_text(
        "file,title,source_country\na.md,Good,nz\nb.txt,Bad,New Zealand\n", encoding="utf-8"
    )
    result = load([folder])
    messages = [str(e) for e in result.errors]
    assert any("index.csv:3: source_country 'New Zealand' is not a two-letter ISO" in m
               for m in messages)
    countries = {Path(a.id).name: a.source_country for a in result.articles}
    assert (countries["a.md"], countries["b.txt"]) == ("NZ", "")


def test_index_csv_url_is_kept_and_a_javascript_one_refused_naming_the_line(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.txt").write_text("Shelling in Kharkiv.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Shelling in Lviv.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Shelling in Odesa.\n", encoding="utf-8")
    (tmp_path / "index.csv").write_text(
        "file,title,source,url\n"
        "a.txt,A,Desk,https://example.org/a?x=1\n"
        "b.txt,B,Desk,javascript:alert(1)\n"
        "c.txt,C,Desk, HTTP://example.org/c \n", encoding="utf-8")
    result = load([tmp_path])
    by_name = {Path(a.id).name: a for a in result.articles}
    assert by_name["a.txt"].url == "https://example.org/a?x=1"
    assert by_name["c.txt"].url == "http://example.org/c"
    # The refused address costs the row its url only: title and source are kept.
    assert (by_name["b.txt"].url, by_name["b.txt"].title, by_name["b.txt"].source) == (
        "", "B", "Desk")
    assert [str(e) for e in result.errors] == [
        f"{tmp_path / 'index.csv'}:3: url 'javascript:alert(1)' is not an http:// or "
        "https:// address (other kinds of link are refused); the row is read without it"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd",
                                 "data:text/html,x", "https://", "http:/x", "ftp://h/x",
                                 "https://exa mple.org"])
def test_front_matter_url_other_than_http_is_refused_naming_file_and_line(
    tmp_path: Path, url: str,
) -> None:
    (tmp_path / "a.md").write_text(
        f"---\ntitle: A\nsource: Desk\nurl: \"{url}\"\n---\nShelling in Kharkiv.\n",
        encoding="utf-8")
    (tmp_path / "b.md").write_text(
        "---\ntitle: B\nurl: https://example.org/b\n---\nShelling in Kyiv.\n", encoding="utf-8")
    result = load([tmp_path])
    assert [a.url for a in result.articles] == ["https://example.org/b"]
    assert len(result.errors) == 1
    message = str(result.errors[0])
    assert message.startswith(f"{tmp_path / 'a.md'}:4: front matter url")
    assert "\n" not in message
