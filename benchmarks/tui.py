"""How fast the review UI is: launch to the article on screen, keypress to updated screen.

    python benchmarks/tui.py [--quotes 200] [--repeat 30] [--model]

Everything runs headless (Textual's test driver) in this one process, next to a baseline: a
bare Textual ``App`` with one ``Static`` and one key binding that updates it. Each figure is
printed with its ratio to the baseline, so a slow machine slows both and the ratio stays
meaningful; the absolute numbers are what the issue's budgets (300 ms first paint, 50 ms per
key) are about.

* first paint: from constructing the app to the first frame that shows the article text
  (the extraction runs in a thread worker meanwhile: with ``--model`` that is the real spaCy
  load, which shares the interpreter with the UI), plus the import time of the UI modules,
  measured in a fresh interpreter;
* launch in a terminal: from starting ``python -m workbench review ARTICLE`` in a pseudo-terminal
  (80x24) to the first output holding the article's first words, against the same for a bare
  Textual app script; this is what a user waits for, imports and all (bytecode cached, as after
  ``pip install``);
* keypress: from posting the key to the first frame written after it (a spy on the app's
  display hook), with a synthetic article of ``--quotes`` quotes; median and worst.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402
from textual.widgets import Static  # noqa: E402

from tui_helpers import NATO, many_quotes_extraction, nato_extraction  # noqa: E402
from workbench.tui.app import WorkbenchApp  # noqa: E402

KEYS = ["n", "c", "n", "space", "n", "u", "z", "Z", "j", "k", "n", "j", "k", "G", "g"]


class Baseline(App):
    """The cheapest app that redraws on a key."""

    BINDINGS = [(k, "bump", "") for k in set(KEYS)]

    def compose(self):
        yield Static("baseline", id="s")

    def action_bump(self) -> None:
        self.n = getattr(self, "n", 0) + 1
        self.query_one("#s", Static).update(f"key {self.n}")


def spy_frames(app: App, cpu: list[float] | None = None) -> list[float]:
    """Times at which the app writes a frame (and, into *cpu*, the UI thread's CPU time then)."""
    frames: list[float] = []
    original = app._display

    def display(screen, renderable):
        if renderable is not None:
            frames.append(time.perf_counter())
            if cpu is not None:
                cpu.append(time.thread_time())
        return original(screen, renderable)

    app._display = display
    return frames


async def first_paint(make_app, shown) -> float:
    """Seconds from constructing the app to the first frame for which ``shown(app)``."""
    t0 = time.perf_counter()
    app = make_app()
    frames = spy_frames(app)
    async with app.run_test(size=(80, 24)) as pilot:
        while True:
            await pilot.pause(0.001)
            if frames and shown(app):
                break
        painted = frames[-1] if frames else time.perf_counter()
        if isinstance(app, WorkbenchApp):
            await app.wait_until_loaded(timeout=300)
    return painted - t0


async def key_latency(app: App, ready, keys: list[str], repeat: int,
                      per_key: dict | None = None,
                      cpu_out: list[float] | None = None) -> list[float]:
    """Seconds from posting each key to the next frame, over *repeat* rounds of *keys*; the UI
    thread's CPU seconds for the same go to *cpu_out* (they do not grow when the machine is
    busy with other work, the wall time does)."""
    out: list[float] = []
    cpu: list[float] = []
    frames = spy_frames(app, cpu)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        for _ in range(repeat):
            for key in keys:
                await pilot.pause()
                before = len(frames)
                t0, c0 = time.perf_counter(), time.thread_time()
                char = key if len(key) == 1 else (" " if key == "space" else None)
                app.post_message(events.Key(key, char))
                while len(frames) == before and time.perf_counter() - t0 < 2:
                    await asyncio.sleep(0.0005)
                if len(frames) == before:
                    raise SystemExit(f"no frame after {key!r}: the key changed nothing")
                out.append(frames[before] - t0)
                if cpu_out is not None:
                    cpu_out.append(cpu[before] - c0)
                if per_key is not None:
                    per_key.setdefault(key, []).append(out[-1])
    return out


async def nothing(app, pilot) -> None:
    await pilot.pause()


async def loaded(app, pilot) -> None:
    await app.wait_until_loaded(timeout=300)
    await pilot.pause()


def import_time(module: str) -> float:
    """Seconds to import *module* in a fresh interpreter (best of 3)."""
    best = float("inf")
    for _ in range(3):
        code = f"import time; t=time.perf_counter(); import {module}; print(time.perf_counter()-t)"
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                             text=True, check=True, env=bytecode_env())
        best = min(best, float(out.stdout.strip()))
    return best


BASELINE_SCRIPT = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    BINDINGS = [("q", "quit", "")]
    def compose(self):
        yield Static(MARKER)
Bare().run()
"""


def bytecode_env() -> dict[str, str]:
    """This environment with bytecode cached (in a folder of its own), as after ``pip install``:
    with PYTHONDONTWRITEBYTECODE set, every start would compile our modules again."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "workbench-bench-pyc")
    return env


def pty_launch(argv: list[str], marker: str, env: dict[str, str] | None = None,
               timeout: float = 30.0) -> float:
    """Seconds from starting *argv* in an 80x24 pseudo-terminal to *marker* in its output."""
    import fcntl
    import pty
    import struct
    import termios

    env = {**bytecode_env(), **(env or {}), "WORKBENCH_CONFIG": os.devnull}
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: exec at once
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen, found = b"", None
    while found is None and time.perf_counter() - t0 < timeout:
        if select.select([fd], [], [], 0.005)[0]:
            try:
                seen += os.read(fd, 1 << 16)
            except OSError:  # the child exited
                break
            if marker.encode() in seen:
                found = time.perf_counter() - t0
    _quit(pid, fd)
    if found is None:
        tail = seen[-300:].decode(errors="replace")
        raise SystemExit(f"{' '.join(argv)}: {marker!r} never appeared; it wrote: {tail!r}")
    return found


def _quit(pid: int, fd: int) -> None:
    """Press q, drain the output, and make sure the child is gone."""
    try:
        os.write(fd, b"q")
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline and os.waitpid(pid, os.WNOHANG)[0] == 0:
            if select.select([fd], [], [], 0.02)[0]:
                os.read(fd, 1 << 16)
    except OSError:
        pass
    try:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError, OSError):
        pass
    os.close(fd)


def launch_times(repeat: int, tmp: Path) -> tuple[float, float]:
    """(bare Textual app, workbench review) launch to article in a terminal, best of *repeat*."""
    marker = "NATO Divided On How To Upgrade"
    script = tmp / "bare_app.py"
    script.write_text(f"MARKER = {marker!r}\n" + BASELINE_SCRIPT)
    review = [sys.executable, "-m", "workbench", "review", str(NATO)]
    env = {"WORKBENCH_CORPUS": str(tmp / "no-corpus.db"),
           "WORKBENCH_SESSIONS": str(tmp / "launch-sessions.db")}
    base, ours = [], []
    for _ in range(repeat + 1):  # the first round fills the bytecode cache
        base.append(pty_launch([sys.executable, str(script)], marker))
        ours.append(pty_launch(review, marker, env))
    return min(base[1:]), min(ours[1:])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--model", action="store_true",
                        help="also time the first paint while the real spaCy model loads")
    parser.add_argument("--corpus", metavar="DB",
                        help="time the keys with this corpus open: every move starts a search "
                             "in a worker thread, which competes with the UI for the interpreter")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())

    print("imports (fresh interpreter, bytecode cached, best of 3)")
    base_imp = import_time("textual.app")
    ours_imp = import_time("workbench.tui.app")
    print(f"  textual.app        {ms(base_imp)}")
    print(f"  workbench.tui.app  {ms(ours_imp)}  ({ours_imp / base_imp:.2f}x)")

    print("first paint (construct -> first frame with the article)")
    base = min([await first_paint(Baseline, lambda app: True) for _ in range(3)])
    ex = nato_extraction()
    n = 0

    def seed_app(extractor=lambda article: ex):
        nonlocal n
        n += 1
        return WorkbenchApp(ex.article, extractor=extractor, corpus=False, keymap={},
                            session_path=tmp / f"first{n}.db")

    def article_shown(app) -> bool:
        main = app.main
        return main is not None and main.is_mounted and bool(main.article_view._lines)

    ours = min([await first_paint(seed_app, article_shown) for _ in range(3)])
    print(f"  baseline App       {ms(base)}")
    print(f"  workbench (seed)   {ms(ours)}  ({ours / base:.2f}x)")
    print(f"  + import           {ms(ours + ours_imp)}  (what a user waits for)")
    if args.model:
        def real_app():
            return WorkbenchApp(NATO, corpus=False, keymap={}, session_path=tmp / "model.db")

        real = await first_paint(real_app, article_shown)
        print(f"  with spaCy loading {ms(real)}  ({real / base:.2f}x)")

    print("launch in a terminal (process start -> article on screen, best of 5)")
    bare_launch, our_launch = launch_times(5, tmp)
    print(f"  bare Textual app   {ms(bare_launch)}")
    print(f"  workbench review   {ms(our_launch)}  ({our_launch / bare_launch:.2f}x)")

    print(f"keypress -> updated screen ({args.quotes} quotes, {len(KEYS)} keys x {args.repeat})")
    base_cpu: list[float] = []
    our_cpu: list[float] = []
    base_lat = await key_latency(Baseline(), nothing, KEYS, args.repeat, cpu_out=base_cpu)
    big = many_quotes_extraction(args.quotes)
    corpus = {"db": args.corpus} if args.corpus else {"corpus": False}
    config = tmp / "config.toml"  # a named reviewer: no name prompt at the first verdict
    config.write_text('[reviewer]\nname = "bench"\n', encoding="utf-8")
    app = WorkbenchApp(big.article, extractor=lambda article: big, keymap={},
                       session_path=tmp / "keys.db", config_path=config, **corpus)
    per_key: dict[str, list[float]] = {}
    our_lat = await key_latency(app, loaded, KEYS, args.repeat, per_key, cpu_out=our_cpu)
    rows = (("baseline App", base_lat, base_lat), ("workbench", our_lat, base_lat),
            ("  CPU: baseline", base_cpu, base_cpu), ("  CPU: workbench", our_cpu, base_cpu))
    for name, lat, base_of in rows:
        med, p95, worst = (statistics.median(lat), sorted(lat)[int(len(lat) * 0.95) - 1],
                           max(lat))
        ratio = f"  ({med / statistics.median(base_of):.2f}x)" if lat is not base_of else ""
        print(f"  {name:<16} median {ms(med)}  p95 {ms(p95)}  worst {ms(worst)}{ratio}")
    print("  by key (median): " + ", ".join(
        f"{key} {statistics.median(v) * 1000:.0f}" for key, v in per_key.items()))


if __name__ == "__main__":
    asyncio.run(main())
