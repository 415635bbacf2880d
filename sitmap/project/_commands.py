"""Undoable edits of a project, one object per user action.

Each command has ``text`` (for the Edit menu), ``redo(project)`` and ``undo(project)``; the
GUI wraps each in one ``QUndoCommand`` and, after either call, redraws from
``project.events()`` and ``project.scenes()``. ``redo`` is also the first "do". A command
remembers the ids the project gave its records, so a redo after an undo puts them back
exactly where they were (same id, same place in the log or storyboard).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import pandas as pd

from sitmap.errors import ProjectError
from sitmap.events import empty_frame
from sitmap.model import Annotation, Article
from sitmap.project._corrections import Correction, Rule
from sitmap.project._reviews import Review
from sitmap.project._scenes import Baseline, Scene

if TYPE_CHECKING:
    from sitmap.project._project import Project

__all__ = [
    "Command",
    "AddEvents",
    "AddCorrection",
    "Macro",
    "RemoveCorrection",
    "AddRule",
    "RemoveRule",
    "SetRuleEnabled",
    "AddScene",
    "RemoveScene",
    "UpdateScene",
    "MoveScene",
    "AddArticles",
    "RemoveArticles",
    "SetBaseline",
    "MarkReviewed",
    "AddAnnotation",
    "UpdateAnnotation",
    "RemoveAnnotation",
]


class Command(Protocol):
    """An undoable edit of a project."""

    @property
    def text(self) -> str: ...

    def redo(self, project: Project) -> None: ...

    def undo(self, project: Project) -> None: ...


@dataclass
class AddCorrection:
    """Append a correction to the log (``correction`` holds its id after the first redo)."""

    correction: Correction

    @property
    def text(self) -> str:
        return f"Correct {self.correction.describe()}"

    def redo(self, project: Project) -> None:
        self.correction = project.add_correction(self.correction)

    def undo(self, project: Project) -> None:
        assert self.correction.id is not None
        project.remove_correction(self.correction.id)


@dataclass
class Macro:
    """Several commands as one undoable step ("every mention in this article"): redo runs
    them in order, undo undoes them in the reverse order. If the project refuses one
    (ProjectError: a log at its ``MAX_ROWS``), redo undoes those it ran and re-raises, so
    the step happens whole or not at all."""

    label: str
    commands: Sequence[Command]

    @property
    def text(self) -> str:
        return self.label

    def redo(self, project: Project) -> None:
        done: list[Command] = []
        try:
            for command in self.commands:
                command.redo(project)
                done.append(command)
        except ProjectError:
            for command in reversed(done):
                command.undo(project)
            raise

    def undo(self, project: Project) -> None:
        for command in reversed(self.commands):
            command.undo(project)


@dataclass
class RemoveCorrection:
    """Take a correction out of the log."""

    correction_id: int
    removed: Correction | None = None

    @property
    def text(self) -> str:
        return f"Remove correction {self.correction_id}"

    def redo(self, project: Project) -> None:
        self.removed = project.remove_correction(self.correction_id)

    def undo(self, project: Project) -> None:
        assert self.removed is not None
        project.add_correction(self.removed)


@dataclass
class AddRule:
    """Add a project rule (e.g. from ``promote_to_rule``)."""

    rule: Rule

    @property
    def text(self) -> str:
        return f"Add rule {self.rule.describe()}"

    def redo(self, project: Project) -> None:
        self.rule = project.add_rule(self.rule)

    def undo(self, project: Project) -> None:
        assert self.rule.id is not None
        project.remove_rule(self.rule.id)


@dataclass
class RemoveRule:
    """Remove a project rule (the Rules panel's delete)."""

    rule_id: int
    removed: Rule | None = None

    @property
    def text(self) -> str:
        return f"Remove rule {self.removed.describe() if self.removed else self.rule_id}"

    def redo(self, project: Project) -> None:
        self.removed = project.remove_rule(self.rule_id)

    def undo(self, project: Project) -> None:
        assert self.removed is not None
        project.add_rule(self.removed)


@dataclass
class SetRuleEnabled:
    """Switch a rule on or off."""

    rule_id: int
    enabled: bool
    was_enabled: bool = True

    @property
    def text(self) -> str:
        return f"{'Enable' if self.enabled else 'Disable'} rule {self.rule_id}"

    def redo(self, project: Project) -> None:
        self.was_enabled = project.set_rule_enabled(self.rule_id, self.enabled)

    def undo(self, project: Project) -> None:
        project.set_rule_enabled(self.rule_id, self.was_enabled)


@dataclass
class AddScene:
    """Add a scene to the storyboard (default: at the end)."""

    scene: Scene
    position: int | None = None

    @property
    def text(self) -> str:
        return f"Add scene “{self.scene.caption}”"

    def redo(self, project: Project) -> None:
        self.scene = project.add_scene(self.scene, position=self.position)

    def undo(self, project: Project) -> None:
        assert self.scene.id is not None
        project.remove_scene(self.scene.id)


@dataclass
class RemoveScene:
    """Remove a scene from the storyboard."""

    scene_id: int
    removed: Scene | None = None
    position: int = 0

    @property
    def text(self) -> str:
        return f"Remove scene {self.removed.caption if self.removed else self.scene_id}"

    def redo(self, project: Project) -> None:
        self.removed, self.position = project.remove_scene(self.scene_id)

    def undo(self, project: Project) -> None:
        assert self.removed is not None
        project.add_scene(self.removed, position=self.position)


@dataclass
class UpdateScene:
    """Replace a scene's caption, view, dates, filters or highlights."""

    scene: Scene
    previous: Scene | None = None

    @property
    def text(self) -> str:
        return f"Edit scene “{self.scene.caption}”"

    def redo(self, project: Project) -> None:
        self.previous = project.update_scene(self.scene)

    def undo(self, project: Project) -> None:
        assert self.previous is not None
        project.update_scene(self.previous)


@dataclass
class MoveScene:
    """Move a scene to another place in the storyboard."""

    scene_id: int
    position: int
    old_position: int = 0

    @property
    def text(self) -> str:
        return "Move scene"

    def redo(self, project: Project) -> None:
        self.old_position = project.move_scene(self.scene_id, self.position)

    def undo(self, project: Project) -> None:
        project.move_scene(self.scene_id, self.old_position)


@dataclass
class AddArticles:
    """Add articles and their events (built beforehand, off the GUI thread)."""

    articles: Sequence[Article]
    events: pd.DataFrame
    added: list[str] = field(default_factory=list)
    previous_events: pd.DataFrame | None = None

    @property
    def text(self) -> str:
        return f"Add {len(self.articles)} article(s)"

    def redo(self, project: Project) -> None:
        self.previous_events = project.base_events()
        self.added = project.add_articles(self.articles, events=self.events)

    def undo(self, project: Project) -> None:
        assert self.previous_events is not None
        project.remove_articles(self.added)
        # Removing rows cannot un-merge what the new articles joined; the saved table can.
        project.set_base_events(self.previous_events)


@dataclass
class AddEvents:
    """Add the rows of event tables read from files (:meth:`Project.add_events`)."""

    events: pd.DataFrame
    added: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return f"Add {len(self.events)} event(s) from event tables"

    def redo(self, project: Project) -> None:
        self.added = project.add_events(self.events)

    def undo(self, project: Project) -> None:
        project.remove_events(self.added)


@dataclass
class RemoveArticles:
    """Remove articles and their events; corrections about them stay in the log."""

    article_ids: Sequence[str]
    removed: list[Article] = field(default_factory=list)
    previous_order: list[str] = field(default_factory=list)
    previous_events: pd.DataFrame | None = None

    @property
    def text(self) -> str:
        return f"Remove {len(self.article_ids)} article(s)"

    def redo(self, project: Project) -> None:
        wanted = set(self.article_ids)
        articles = project.articles()
        self.removed = [a for a in articles if a.id in wanted]
        self.previous_order = [a.id for a in articles]
        self.previous_events = project.base_events()
        project.remove_articles(self.article_ids)

    def undo(self, project: Project) -> None:
        assert self.previous_events is not None
        project.add_articles(self.removed, events=empty_frame())
        project.reorder_articles(self.previous_order)
        project.set_base_events(self.previous_events)


@dataclass
class SetBaseline:
    """Set the "new since" baseline to a moment (default: now), to a scene, or clear it
    (``clear=True``)."""

    at: dt.datetime | None = None
    scene_id: int | None = None
    clear: bool = False
    previous: Baseline | None = None

    @property
    def text(self) -> str:
        return "Clear the baseline" if self.clear else "Set the baseline"

    def redo(self, project: Project) -> None:
        self.previous = project.baseline
        if self.clear:
            project.clear_baseline()
        else:
            # Pin the moment on the first redo, so a redo restores the same baseline.
            self.at = project.set_baseline(self.at, scene_id=self.scene_id).at

    def undo(self, project: Project) -> None:
        if self.previous is None:
            project.clear_baseline()
        else:
            project.set_baseline(self.previous.at, scene_id=self.previous.scene_id)


@dataclass
class MarkReviewed:
    """Mark one row reviewed (``review`` holds its id after the first redo)."""

    review: Review
    label: str = ""

    @property
    def text(self) -> str:
        return f"Mark {self.label or 'event'} reviewed"

    def redo(self, project: Project) -> None:
        self.review = project.mark_reviewed(self.review)

    def undo(self, project: Project) -> None:
        assert self.review.id is not None
        project.unmark_reviewed(self.review.id)


_KIND_NAMES = {"arrow": "arrow", "line": "line", "polygon": "area", "circle": "circle",
               "text": "text label", "ring": "range ring"}


@dataclass
class AddAnnotation:
    """Draw an annotation (``annotation`` holds its id after the first redo)."""

    annotation: Annotation

    @property
    def text(self) -> str:
        return f"Draw {_KIND_NAMES[self.annotation.kind]}"

    def redo(self, project: Project) -> None:
        self.annotation = project.add_annotation(self.annotation)

    def undo(self, project: Project) -> None:
        assert self.annotation.id is not None
        project.remove_annotation(self.annotation.id)


@dataclass
class UpdateAnnotation:
    """Change an annotation (move, reshape, restyle, relabel, rescope): ``annotation`` is
    the new version, with the id of the one it replaces."""

    annotation: Annotation
    old: Annotation | None = None

    @property
    def text(self) -> str:
        return f"Edit {_KIND_NAMES[self.annotation.kind]}"

    def redo(self, project: Project) -> None:
        self.old = project.update_annotation(self.annotation)

    def undo(self, project: Project) -> None:
        assert self.old is not None
        project.update_annotation(self.old)


@dataclass
class RemoveAnnotation:
    """Delete an annotation (undo puts it back with its id, so in its drawing order)."""

    annotation_id: int
    removed: Annotation | None = None

    @property
    def text(self) -> str:
        kind = self.removed.kind if self.removed is not None else None
        return f"Delete {_KIND_NAMES[kind]}" if kind else "Delete annotation"

    def redo(self, project: Project) -> None:
        self.removed = project.remove_annotation(self.annotation_id)

    def undo(self, project: Project) -> None:
        assert self.removed is not None
        project.add_annotation(self.removed)
