"""Kernels forked from a server that has imported the package are as fresh as launched ones:
the same outputs for the same notebook, their own process, session, environment and working
folder, nothing left from an earlier kernel, and they stop, interrupt and die as launched
kernels do."""

import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import AsyncKernelManager, KernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

from indikatorbok import forkedkernels, kernels, notebooks, paths, programme, synth


def started(forked: bool, cwd, **env):
    manager = KernelManager(kernel_name="python3")
    if forked:
        forkedkernels.forking(manager)
    manager.start_kernel(cwd=str(cwd), env={**os.environ, **env},
                         extra_arguments=["--IPKernelApp.log_level=ERROR"])
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    return manager, client


def printed(client, code: str) -> str:
    out = []
    client.execute_interactive(code, timeout=60, output_hook=lambda m: out.append(
        m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
    return "".join(out).strip()


@pytest.fixture
def kernel(tmp_path):
    made = []

    def start(forked=True, **env):
        made.append(started(forked, tmp_path, **env))
        return made[-1]

    yield start
    for manager, client in made:
        client.stop_channels()
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)


def test_a_forked_kernel_is_a_fresh_process_of_its_own(kernel, tmp_path):
    manager, client = kernel(ASKED="yes")
    assert type(manager.provisioner).__name__ == "ForkedProvisioner"
    pid = manager.provisioner.pid
    assert printed(client, "import os, sys\nprint(os.getpid(), os.getpgid(0), os.getsid(0))") \
        == f"{pid} {pid} {pid}"  # its own session and process group, as Jupyter launches
    assert printed(client, "print(os.getcwd(), os.environ['ASKED'])") == f"{tmp_path} yes"
    assert printed(client, "print('indikatorbok.builders' in sys.modules)") == "True"
    printed(client, "leftover = 1")
    other_manager, other = kernel()
    assert other_manager.provisioner.pid != pid
    assert printed(other, "print('leftover' in dir())") == "False"


def test_a_forked_kernel_is_interrupted_stopped_and_killed(kernel):
    manager, client = kernel()
    msg_id = client.execute("import time\ntime.sleep(60)")
    time.sleep(1)
    manager.interrupt_kernel()
    reply = client.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    process = manager.provisioner.process
    manager.shutdown_kernel(now=False)
    assert process.poll() is not None
    manager, _ = kernel()
    process = manager.provisioner.process
    manager.shutdown_kernel(now=True)  # killed
    assert process.poll() is not None


def test_a_forked_kernel_gives_a_notebooks_outputs_as_a_launched_one(fk, tmp_path):
    """An indicator notebook executed in a launched kernel and in a forked one (the build's
    and nbval's) has the same outputs."""
    edition = programme.edition(fk.name)
    synth.ensure(edition)
    nb = notebooks.notebook(fk.catalog["2.4.1"], edition)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    params.source = params.source.replace(
        f"out_dir = {paths.shown(paths.BUILD / 'scratch' / fk.name)!r}", f"out_dir = '{tmp_path}'")
    runs = []
    for manager in (AsyncKernelManager(kernel_name="python3"), forkedkernels.manager("python3")):
        copy = nbformat.from_dict(nb)
        try:
            NotebookClient(copy, km=manager, timeout=300,
                           extra_arguments=["--IPKernelApp.log_level=ERROR"],
                           resources={"metadata": {"path": str(paths.ROOT)}}).execute()
        finally:  # a manager passed in is the caller's to shut down
            run_sync(manager.shutdown_kernel)(now=True)
        runs.append([(c.get("execution_count"), c.get("outputs")) for c in copy.cells
                     if c.cell_type == "code"])
    assert runs[0] == runs[1] and any(outputs for _, outputs in runs[0])


def test_the_build_and_nbval_fork_their_kernels():
    assert kernels.forkedkernels.manager("python3").kernel_spec.metadata[
        "kernel_provisioner"]["provisioner_name"] == forkedkernels.NAME
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-p indikatorbok.forkedkernels" in makefile[makefile.index("\nnbval:"):]


def kernel_pid(_=None) -> int:
    manager = forkedkernels.manager("python3")
    run_sync(manager.start_kernel)(extra_arguments=["--IPKernelApp.log_level=ERROR"])
    client = manager.client()
    client.start_channels()
    try:
        run_sync(client._async_wait_for_ready)(timeout=60)
        return manager.provisioner.pid
    finally:
        client.stop_channels()
        run_sync(manager.shutdown_kernel)(now=True)


def test_processes_forked_after_a_kernel_start_their_own(kernel):
    """The build's workers are forked from a process that may have forked kernels itself
    (the preview's): each starts kernels of its own."""
    kernel()  # this process's server runs
    with ProcessPoolExecutor(2, mp_context=get_context("fork")) as pool:
        pids = list(pool.map(kernel_pid, range(3)))
    assert len(set(pids)) == 3 and kernel_pid() not in pids


EXITING = """
import sys
from indikatorbok import kernels
from tests.test_kernels import notebook, run
nb = run(notebook(sys.argv[1], "import os\\nprint(os.getpid())"))
print(nb.cells[0].outputs[0]["text"].strip())
"""  # and exits, its kernel still running: the engine's exit handler stops it


def test_a_process_that_ends_stops_its_forked_kernel_cleanly(tmp_path):
    proc = subprocess.run([sys.executable, "-c", EXITING, str(tmp_path / "a.ipynb")],
                          capture_output=True, text=True, cwd=paths.ROOT, timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    pid = int(proc.stdout.split()[-1])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists()


CLIENT = """
import time
from jupyter_core.utils import run_sync
from indikatorbok import forkedkernels
manager = forkedkernels.manager("python3")
run_sync(manager.start_kernel)(extra_arguments=["--IPKernelApp.log_level=ERROR"])
print(manager.provisioner.pid, flush=True)
time.sleep(120)
"""


def test_a_forked_kernel_ends_when_its_client_is_killed():
    """As a launched kernel: killed, a build worker leaves no kernel behind."""
    client = subprocess.Popen([sys.executable, "-c", CLIENT], stdout=subprocess.PIPE,
                              text=True, cwd=paths.ROOT)
    try:
        pid = int(client.stdout.readline())
        assert Path(f"/proc/{pid}").exists()
    finally:
        client.kill()
        client.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists()


def test_a_forked_functions_output_and_errors_are_kept_whole_in_one_file(tmp_path):
    """As a launched process's, written where they are in order (one offset for both)."""
    log = tmp_path / "run.log"
    log.touch()
    source = ("import sys\nprint('ut' * 20, flush=True)\nprint('fel', file=sys.stderr, "
              "flush=True)\nprint('sist', flush=True)")
    assert forkedkernels.run(exec, source, output=str(log)) == 0
    assert log.read_text() == f"{'ut' * 20}\nfel\nsist\n"
