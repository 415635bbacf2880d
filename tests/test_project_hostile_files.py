"""Odd files beside and in place of a project: an autosave or backup name that is a symbolic
link is never written through, and a FIFO project or autosave never hangs sitmap."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from sitmap.events import synthetic_events
from sitmap.project import Project, Rule

DATA = Path(__file__).parent / "data"
TIMEOUT = 60  # a FIFO used to hang the reader for ever


def saved(folder: Path) -> Path:
    project = Project.new()
    project.set_base_events(synthetic_events(5))
    return project.save(folder / "shared.sitmap")


def victim(folder: Path) -> Path:
    """A file of the analyst's that a crafted link points at."""
    path = folder / "home" / "notes.txt"
    path.parent.mkdir()
    path.write_bytes(b"the analyst's own notes\n")
    return path


def test_an_autosave_name_that_is_a_link_is_replaced_not_written_through(
    tmp_path: Path,
) -> None:
    """Before: _write_copy followed the link and replaced notes.txt with the project."""
    path = saved(tmp_path)
    notes = victim(tmp_path)
    autosave = Project.recovery_path(path)
    autosave.symlink_to(notes)
    project = Project.open(path)
    project.add_rule(Rule("ignore-surface", "Unsaved"))
    assert project.autosave() == autosave
    assert notes.read_bytes() == b"the analyst's own notes\n"
    assert not autosave.is_symlink() and autosave.is_file()
    assert [r.surface for r in Project.open(autosave).rules()] == ["Unsaved"]
    project.save()
    assert notes.read_bytes() == b"the analyst's own notes\n"
    assert not os.path.lexists(autosave)


def test_the_untitled_autosave_is_never_written_through_a_link(tmp_path: Path) -> None:
    notes = victim(tmp_path)
    untitled = tmp_path / "untitled.sitmap.autosave"
    untitled.symlink_to(notes)
    project = Project.new()
    project.add_rule(Rule("ignore-surface", "Draft"))
    project.autosave(untitled)
    assert notes.read_bytes() == b"the analyst's own notes\n"
    assert not untitled.is_symlink()
    assert [r.surface for r in Project.open(untitled).rules()] == ["Draft"]


def test_a_link_planted_at_the_backup_name_does_not_stop_the_backup(tmp_path: Path) -> None:
    """Before: the link counted as an existing backup, so no copy of the format-1 file was
    kept (and the link's target was left to stand in for it)."""
    path = tmp_path / "old.sitmap"
    shutil.copy(DATA / "project-v1.sitmap", path)
    original = path.read_bytes()
    notes = victim(tmp_path)
    backup = tmp_path / "old.sitmap.v1.bak"
    backup.symlink_to(notes)
    project = Project.open(path)
    project.save()
    assert notes.read_bytes() == b"the analyst's own notes\n"
    assert not backup.is_symlink()
    assert backup.read_bytes() == original


def run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter; a hang fails the test by TimeoutExpired."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )


def test_a_fifo_project_is_refused_by_name_without_hanging(tmp_path: Path) -> None:
    """Before: Project.open opened the FIFO with a blocking open() and waited for ever."""
    fifo = tmp_path / "f.sitmap"
    os.mkfifo(fifo)
    done = run("""
        import sys
        from sitmap.errors import ProjectError
        from sitmap.project import Project
        try:
            Project.open(sys.argv[1])
        except ProjectError as exc:
            print(exc)
        print(Project.recovery_for(sys.argv[1]))
        """, str(fifo))
    assert done.stderr == ""
    assert done.stdout.splitlines() == [
        f"{fifo}: cannot read the project file: a FIFO (named pipe), not a regular file",
        "None"]


def test_a_fifo_autosave_is_ignored_with_a_notice_and_replaced(tmp_path: Path) -> None:
    """Before: recovery_info opened the FIFO autosave and waited for ever."""
    path = saved(tmp_path)
    autosave = Project.recovery_path(path)
    os.mkfifo(autosave)
    done = run("""
        import sys
        from sitmap.project import Project, Rule
        print(Project.recovery_for(sys.argv[1]))
        project = Project.open(sys.argv[1])
        print(*project.notices, sep="\\n")
        project.add_rule(Rule("ignore-surface", "Unsaved"))
        project.autosave()
        """, str(path))
    assert done.stderr == ""
    assert done.stdout.splitlines() == [
        "None",
        f"{autosave}: ignored: a FIFO (named pipe), not a regular file (sitmap writes a new "
        "autosave in its place)"]
    assert autosave.is_file()
    assert Project.recovery_for(path) == autosave
