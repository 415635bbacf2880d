"""Every public package pins its public surface in ``__all__`` (as httpx's
``tests/test_exported_members.py`` does).

Three checks per public module of ``sitmap`` (the package itself and every sub-package or
module whose name has no leading underscore):

- the rule: ``__all__`` exists, has no duplicates, every name in it is defined, and it equals
  the public names the module's source defines (``def``, ``class``, assignment) or re-exports
  (imported from ``sitmap``), so no public name is left out of it and none is stray;
- the pin: ``__all__`` is exactly the list in :data:`PINNED`, so a change to a package's public
  surface is a visible edit to this file;
- the coverage: every public module has an entry in :data:`PINNED` (a new package must add one).

Names imported from the standard library or third-party packages (``Sequence``, ``Any``) are
helpers, not surface; names bound only under ``if TYPE_CHECKING:`` count, as they declare a
package's lazily imported names.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import sitmap

# The public surface of each public module, one name a line, sorted. Edit here when a package
# gains, renames or drops a public name.
PINNED: dict[str, list[str]] = {
    "sitmap": [
        "__version__",
    ],
    "sitmap.batch": [
        "BatchError",
        "BatchResult",
        "Progress",
        "read_events",
        "run_batch",
    ],
    "sitmap.cli": [
        "ABOUT",
        "build_parser",
        "geoparse_record",
        "main",
    ],
    "sitmap.errors": [
        "DecodeError",
        "ExportError",
        "GazetteerError",
        "InputError",
        "MetadataError",
        "ProjectError",
        "SitmapError",
        "unprocessed",
    ],
    "sitmap.events": [
        "ACLED_COLUMNS",
        "ArticleRows",
        "CATEGORIES",
        "CELL_PX",
        "COLUMNS",
        "ColumnMap",
        "ColumnsFor",
        "DATE_FACTORS",
        "DENSITY_THRESHOLD",
        "DTYPES",
        "DateFinder",
        "EventFilter",
        "EventFormat",
        "EventGrid",
        "FIGURE_COLUMNS",
        "FORMATS",
        "KINDS",
        "MERGE_KEY",
        "Margin",
        "NeedsColumnMap",
        "PlaceFinder",
        "ROLES",
        "SIMILARITY",
        "SchemaError",
        "TableKind",
        "TableRead",
        "article_rows",
        "build_events",
        "carried_rows",
        "classify",
        "csv_header",
        "day_bins",
        "empty_frame",
        "event_row",
        "event_sources",
        "event_table",
        "filter_events",
        "fold_table",
        "geo_metadata",
        "header_key",
        "mapping_header",
        "merge_events",
        "merge_reports",
        "parse_figures",
        "passage_similarity",
        "place_label",
        "read_event_table",
        "records",
        "review_columns",
        "synthetic_events",
        "table_kind",
        "timeline_span",
        "to_geojson",
        "validate",
        "write_events",
        "write_geoparquet",
    ],
    "sitmap.geocode": [
        "Gazetteer",
        "GazetteerSources",
        "NameHit",
        "OfflineGeocoder",
        "area_geometry",
        "area_radii_km",
        "area_radius_km",
        "default_sources",
        "fold",
        "name_relation",
        "national_capitals",
        "open_gazetteer",
        "user_places_path",
    ],
    "sitmap.geoparse": [
        "CandidateRanker",
        "Geoparser",
        "MAX_PLACE_NAMES",
        "ParseContext",
        "TooManyPlaceNames",
        "default_geoparser",
        "parse",
    ],
    "sitmap.gui": [
        "AppState",
        "Loaded",
        "MainWindow",
        "MapNotReady",
        "MapView",
        "load_events",
        "offscreen_renderer",
        "prepare_qt",
        "run",
    ],
    "sitmap.ingest": [
        "ArticleMetadata",
        "Dateline",
        "FilePlan",
        "LoadResult",
        "MAX_BYTES",
        "SIDECAR_NAME",
        "article_from_bytes",
        "article_from_text",
        "find_dateline",
        "load",
        "plan_files",
        "read_file",
    ],
    "sitmap.mapping": [
        "ASSET_BASE",
        "ATTRIBUTION",
        "AssetMode",
        "CATEGORY_COLORS",
        "EXPORT_FORMATS",
        "ExportFormat",
        "ExportRequest",
        "UnknownFormatError",
        "asset_bytes",
        "build_page",
        "export_csv",
        "export_file",
        "export_geojson",
        "export_html",
        "export_kml",
        "labels_for",
        "write_export",
    ],
    "sitmap.model": [
        "ANNOTATION_COLOURS",
        "ANNOTATION_KINDS",
        "Annotation",
        "AnnotationError",
        "AnnotationKind",
        "Article",
        "Candidate",
        "DATE_BASES",
        "DATE_PRECISIONS",
        "DateBasis",
        "DatePrecision",
        "LAT_RANGE",
        "LON_RANGE",
        "MAX_ANNOTATION_LABEL",
        "MAX_ANNOTATION_VERTICES",
        "PLACE_KINDS",
        "Place",
        "PlaceKind",
        "RING_UNITS",
        "Span",
        "TimeExpr",
        "Toponym",
        "check_coordinates",
        "coordinate_problem",
        "country_code",
        "finite",
        "web_url",
    ],
    "sitmap.pipeline": [
        "BuildProgress",
        "Loaded",
        "NameIndex",
        "PlaceIndex",
        "Progress",
        "load_events",
        "prepare_names",
        "prepare_place_index",
        "split_inputs",
    ],
    "sitmap.project": [
        "AUTOSAVE_SUFFIX",
        "AddAnnotation",
        "AddArticles",
        "AddCorrection",
        "AddEvents",
        "AddRule",
        "AddScene",
        "Baseline",
        "Clock",
        "Command",
        "Correction",
        "CorrectionError",
        "CorrectionKind",
        "FORMAT_VERSION",
        "MAX_DAILY_SCENES",
        "MAX_ROWS",
        "Macro",
        "MarkReviewed",
        "MoveScene",
        "PlaceLookup",
        "Project",
        "RecentProjects",
        "Recovery",
        "RemoveAnnotation",
        "RemoveArticles",
        "RemoveCorrection",
        "RemoveRule",
        "RemoveScene",
        "Review",
        "Rule",
        "RuleKind",
        "SCHEMAS",
        "SavedView",
        "Scene",
        "SceneError",
        "SetBaseline",
        "SetRuleEnabled",
        "Target",
        "UpdateAnnotation",
        "UpdateScene",
        "add_event",
        "add_place",
        "apply_corrections",
        "auto_storyboard",
        "choose_place",
        "edit_event",
        "event_fingerprints",
        "events_new_since",
        "mentions_in_article",
        "move_pin",
        "not_a_place",
        "place_payload",
        "promote_to_rule",
        "reviewed_mask",
    ],
    "sitmap.timeline": [
        "find_dates",
    ],
    "sitmap.viewmodel": [
        "ARROW_TEXT",
        "Filter",
        "PLAY_SPEEDS",
        "PLAY_STEPS",
        "TextCells",
        "View",
        "ViewModel",
        "ViewSettings",
        "arrow_text",
        "article_html",
        "concat_tables",
        "current_scene",
        "date_labels",
        "finite",
        "kept_range",
        "label_box",
        "play_interval_ms",
        "play_next",
        "play_start",
        "read_settings",
        "tick_labels",
        "view_box",
        "view_settings",
    ],
    "sitmap.vocabulary": [
        "CATEGORIES",
        "DATE_BASES",
        "DATE_PRECISIONS",
        "DateBasis",
        "DatePrecision",
        "PLACE_BASES",
        "PLACE_KINDS",
        "PlaceBasis",
        "PlaceKind",
        "ROLES",
        "category_colours",
    ],
}

# Public names a module binds that are not in its ``__all__`` and that its owner has not yet made
# private; each entry must still be needed (the test fails when it is not, so it is deleted).
KNOWN_STRAYS: dict[str, set[str]] = {}


def _public_modules() -> list[str]:
    """The names of ``sitmap`` and of its modules and packages without a leading underscore."""
    return ["sitmap"] + [
        f"sitmap.{info.name}"
        for info in pkgutil.iter_modules(sitmap.__path__)
        if not info.name.startswith("_")
    ]


def _bound(statements: list[ast.stmt], names: set[str]) -> set[str]:
    """Add to ``names`` what ``statements`` define or import from ``sitmap``, looking into
    ``if`` and ``try`` blocks (module level only); return ``names``."""
    for s in statements:
        if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(s.name)
        elif isinstance(s, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = s.targets if isinstance(s, ast.Assign) else [s.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(s, ast.ImportFrom):
            if s.level or (s.module or "").split(".")[0] == "sitmap":
                names.update(alias.asname or alias.name for alias in s.names)
        elif isinstance(s, ast.If):
            _bound(s.body, names)
            _bound(s.orelse, names)
        elif isinstance(s, ast.Try):
            for block in (s.body, s.orelse, s.finalbody, *(h.body for h in s.handlers)):
                _bound(block, names)
    return names


def _public_names(module: ModuleType) -> set[str]:
    """The public names ``module``'s source defines or re-exports."""
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    return {name for name in _bound(tree.body, set()) if not name.startswith("_")}


def test_every_public_module_is_pinned() -> None:
    assert sorted(_public_modules()) == sorted(PINNED)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_all_names_exactly_the_public_surface(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert len(set(exported)) == len(exported), f"{name}.__all__ lists a name twice"
    undefined = [n for n in exported if not hasattr(module, n)]
    assert undefined == [], f"{name}.__all__ names what {name} does not define"
    public = _public_names(module)
    strays = public - set(exported)
    assert strays == KNOWN_STRAYS.get(name, set()), f"public names of {name} not in __all__"
    listed_only = {n for n in exported if not n.startswith("_")} - public
    assert listed_only == set(), f"{name}.__all__ names what {name} neither defines nor imports"


@pytest.mark.parametrize("name", sorted(PINNED))
def test_all_is_the_pinned_list(name: str) -> None:
    module = importlib.import_module(name)
    assert sorted(module.__all__) == PINNED[name]
