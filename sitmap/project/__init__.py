"""Projects: articles, corrections, rules, scenes and settings in one ``.sitmap`` file.

:class:`Project` is the open project (file format: ``docs/project-format.md``);
:func:`apply_corrections` replays the analyst's corrections and rules over an event table;
the commands in ``_commands`` are the undoable edits the window's undo stack wraps.
"""

from __future__ import annotations

from sitmap.project._commands import (
    AddArticles,
    AddCorrection,
    AddRule,
    AddScene,
    Command,
    Macro,
    MarkReviewed,
    MoveScene,
    RemoveArticles,
    RemoveCorrection,
    RemoveRule,
    RemoveScene,
    SetBaseline,
    SetRuleEnabled,
    UpdateScene,
)
from sitmap.project._corrections import (
    Correction,
    CorrectionError,
    CorrectionKind,
    PlaceLookup,
    Rule,
    RuleKind,
    Target,
    add_event,
    add_place,
    apply_corrections,
    choose_place,
    edit_event,
    mentions_in_article,
    move_pin,
    not_a_place,
    place_payload,
    promote_to_rule,
)
from sitmap.project._project import (
    AUTOSAVE_SUFFIX,
    FORMAT_VERSION,
    MAX_ROWS,
    SCHEMAS,
    Clock,
    Project,
    Recovery,
)
from sitmap.project._recent import RecentProjects
from sitmap.project._reviews import Review, reviewed_mask
from sitmap.project._scenes import (
    Baseline,
    SavedView,
    Scene,
    SceneError,
    event_fingerprints,
    events_new_since,
)
from sitmap.project._storyboard import MAX_DAILY_SCENES, auto_storyboard

__all__ = [
    "AUTOSAVE_SUFFIX",
    "FORMAT_VERSION",
    "MAX_DAILY_SCENES",
    "MAX_ROWS",
    "AddArticles",
    "AddCorrection",
    "AddRule",
    "AddScene",
    "Baseline",
    "Clock",
    "Command",
    "Correction",
    "CorrectionError",
    "CorrectionKind",
    "Macro",
    "MarkReviewed",
    "SavedView",
    "MoveScene",
    "SCHEMAS",
    "PlaceLookup",
    "Project",
    "RecentProjects",
    "Recovery",
    "RemoveArticles",
    "RemoveCorrection",
    "RemoveRule",
    "RemoveScene",
    "Review",
    "Rule",
    "RuleKind",
    "Scene",
    "SceneError",
    "SetBaseline",
    "SetRuleEnabled",
    "Target",
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
]
