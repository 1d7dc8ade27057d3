"""``make lab`` serves the edition's executed notebooks (after ``make book``)."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

from indikatorbok import editions, paths, programme


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_opens_the_executed_notebooks():
    port = free_port()
    flags = f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token="
    proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_FLAGS={flags}"],
                            cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        listing, deadline = None, time.monotonic() + 300
        while listing is None and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stdout.read().decode()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/_build/"
                                            f"current/internal/book/del2", timeout=5) as r:
                    listing = json.load(r)
            except OSError:
                time.sleep(1)
        assert listing is not None, "JupyterLab did not answer"
        names = {c["name"] for c in listing["content"] if c["type"] == "notebook"}
        cat = programme.load(editions.summary()["programme"]).catalog
        assert names == {f"{cat[i].notebook}.ipynb" for i in cat.computed()}
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab", timeout=10) as r:
            assert r.status == 200
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
