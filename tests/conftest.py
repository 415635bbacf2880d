"""Shared test set-up. Qt renders offscreen; Chromium/WebEngine never touch the network."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "QTWEBENGINE_CHROMIUM_FLAGS",
    "--no-sandbox --disable-gpu --disable-background-networking --disable-component-update",
)
