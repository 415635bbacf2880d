"""The Rules panel: the project's rules, one per line, with Remove (undoable)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sitmap.gui._collab import Editor
from sitmap.project import RemoveRule

__all__ = ["RulesPanel"]


class RulesPanel(QWidget):
    """The project's rules, one per line, with Remove."""

    def __init__(self, workflow: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workflow = workflow
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Rule", "Since"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        """List the project's rules again."""
        self.tree.clear()
        for rule in self._workflow.project.rules():
            since = f"{rule.created_at:%d %b %Y}" if rule.created_at else ""
            item = QTreeWidgetItem([rule.describe(), since])
            item.setData(0, Qt.ItemDataRole.UserRole, rule.id)
            self.tree.addTopLevelItem(item)
        self.remove_button.setEnabled(self.tree.topLevelItemCount() > 0)

    def rule_texts(self) -> list[str]:
        """The rules as listed, top to bottom."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item.text(0) for item in items if item is not None]

    def remove_selected(self) -> None:
        """Remove the selected rule (undoable)."""
        item = self.tree.currentItem()
        if item is not None:
            self._workflow.push(RemoveRule(int(item.data(0, Qt.ItemDataRole.UserRole))))
