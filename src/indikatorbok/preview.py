"""Edit and see it (``make preview``): the edition built, served on this machine and built
again after every saved change to the programme's folder (definitions, contracts, the
analysts' files and texts), the shared book pages or the data folder; the browser reloads
itself when the new pages are there.

Each build is the ordinary build (:func:`indikatorbok.build.build`) as a preview: only the
notebooks whose inputs changed run again, only the changed pages are rendered, and no PDF
is printed (``make book`` prints it). The builds run in this process, which keeps its
notebook kernel warm between them (no process or kernel to start), and forks each run of
Jupyter Book from the server its kernels come from, which has imported it once. Before
each build, the process and the kernel forget the programmes' files
(:func:`programme.forget`), so every file is read anew; the files' digests are kept, and
those the watcher names are taken again. A build that fails keeps the last
good pages served, and its error is shown in the terminal and over the page until the next
build succeeds.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rich.console import Console

from indikatorbok import build, cache, editions, forkedkernels, jupyterbook, paths, programme, synth
from indikatorbok.editions import PREVIEW_HTML
from indikatorbok.programme import Edition

STATUS = "/_preview/status.json"
# Asks for the status every second: a new build reloads the page, an error is shown over it.
SCRIPT = """<script>
(() => {
  let seen = null;
  const show = (error) => {
    let box = document.getElementById("forhandsvisning-fel");
    if (!error) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "forhandsvisning-fel";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;" +
        "margin:0;padding:1em;background:#fff3f3;color:#600;border-top:3px solid #a00;" +
        "white-space:pre-wrap;z-index:10000;font-size:0.85rem";
      document.body.append(box);
    }
    box.textContent = "Förhandsvisningen kunde inte byggas om; sidorna är de senast " +
      "byggda.\\n\\n" + error;
  };
  const poll = async () => {
    try {
      const status = await (await fetch("%s", {cache: "no-store"})).json();
      if (seen !== null && status.version !== seen) { location.reload(); return; }
      seen = status.version;
      show(status.error);
    } catch (e) { /* the server restarts: ask again */ }
    setTimeout(poll, 1000);
  };
  poll();
})();
</script>""" % STATUS  # noqa: UP031 (braces of JavaScript)


@dataclass
class Status:
    """What the served pages ask for: the build they show (``version``), the error of the
    last build, if it failed, and whether a build is running."""

    version: int = 0
    error: str | None = None
    building: bool = True
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error,
                               "building": self.building}).encode()

    def started(self) -> None:
        with self.lock:
            self.building = True

    def built(self, error: str | None) -> None:
        with self.lock:
            if error is None:  # a new build to show
                self.version += 1
            self.error, self.building = error, False


def handler(root: Path, status: Status) -> type[SimpleHTTPRequestHandler]:
    """Serves ``root`` (followed anew on every request: a new build is served at once), the
    status, and every HTML page with the script that reloads it."""

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path == STATUS:
                return self._send(status.as_json(), "application/json")
            file = Path(self.translate_path(path))
            if file.is_dir():
                file = file / "index.html"
            if file.suffix == ".html" and file.is_file():
                page = file.read_text(encoding="utf-8").replace("</body>", SCRIPT + "</body>", 1)
                return self._send(page.encode(), "text/html; charset=utf-8")
            return super().do_GET()

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # the terminal is for builds and errors
            pass

    return Handler


def build_once(name: str, year: int, data: str | None, console: Console,
               digests: cache.FileDigests | None = None) -> str | None:
    """One preview build, in this process; its error (as the command line says it), or
    None when it succeeded. ``digests``: the files' digests, told of every change since they
    were taken."""
    start = time.perf_counter()
    programme.forget()
    try:
        edition = build.edition_of(name, year, data)
        if data is None:  # the synthetic data, made when missing (as the command line does)
            with editions.lock(f"generating the synthetic data of {name}"):
                synth.ensure(edition, progress=lambda m: console.print(f"  {m}"))
        build.build(edition, Console(quiet=True), preview=True, digests=digests)
    except Exception as err:  # noqa: BLE001 (the OS's, a library's too: shown, kept serving)
        error = f"{build.error_heading(err)}\n{err}"
    else:
        console.print(f"[green]✓[/] Preview built ({time.perf_counter() - start:.1f} s)")
        return None
    console.print("[bold red]The preview was not built[/] (the last good pages stay):")
    console.print(error, markup=False, soft_wrap=True)
    return error


def watched(edition: Edition) -> list[Path]:
    """What a preview build reads that an analyst edits: the programme's folder, the
    shared book pages and companion, and the data folder."""
    return [p for p in (edition.programme.root, paths.BOOK, paths.COMPANION,
                        edition.data_dir) if p.is_dir()]


def serve(edition: Edition, data_given: bool, console: Console, port: int = 8000,
          host: str = "127.0.0.1") -> None:
    """Build, serve and build again on every saved change, until interrupted."""
    from watchfiles import watch  # only the preview watches

    forkedkernels.prepare(*jupyterbook.PRELOAD)  # its Jupyter Book runs forked from it
    status, digests = Status(), cache.FileDigests()
    args = (edition.programme.name, edition.year,
            str(edition.data_dir) if data_given else None, console, digests)
    console.print(f"Building the preview of the {edition.year} edition of "
                  f"{edition.programme.name} …")
    status.built(build_once(*args))
    server = ThreadingHTTPServer((host, port), handler(PREVIEW_HTML, status))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    console.print(f"[bold]Preview[/] at http://{host}:{server.server_port}/ (watching "
                  f"{', '.join(paths.shown(p) for p in watched(edition))}; Ctrl-C stops)")
    try:
        for changes in watch(*watched(edition), debounce=300, step=50,
                             watch_filter=lambda _, p: not _ignored(Path(p))):
            digests.forget(Path(p) for _, p in changes)
            names = sorted({paths.shown(Path(p)) for _, p in changes})
            console.print(f"Changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}")
            status.started()
            status.built(build_once(*args))
    finally:
        server.shutdown()


def _ignored(path: Path) -> bool:
    """Editors' and Python's own files, which no build reads."""
    return (any(part in ("__pycache__", ".ipynb_checkpoints", ".git") for part in path.parts)
            or path.name.startswith((".#", "~")) or path.name.endswith(("~", ".swp", ".tmp")))
