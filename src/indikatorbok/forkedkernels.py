"""Fresh notebook kernels that start without importing anything again.

A kernel spends about two seconds of its start importing pandas, SciPy, matplotlib, DuckDB
and the package, more than most indicator notebooks compute. Here a fork server imports
them once (Python's ``multiprocessing`` forkserver, started by the first kernel a process
asks for), and each kernel is a process forked from it: fresh (nothing has run in it, it
has its own session and process group, environment and working folder, as a launched
kernel has), with those modules already in memory.

:class:`ForkedProvisioner` is a Jupyter kernel provisioner (registered under :data:`NAME`
in the package's entry points). :func:`manager` gives a kernel manager that uses it (the
build's), :func:`forking` makes any manager use it, and :func:`use` makes it the default
of the calling process (nbval's, as a pytest plugin). Kernels of other interpreters or
programs are launched as before, and so is every kernel JupyterLab starts.

Other work that imports much and runs often can be forked from the same server: a process
that calls :func:`prepare` before its first kernel has the server import those modules
too, and :func:`run` forks a function from it (the preview's runs of Jupyter Book).
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
import types
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager, KernelManager
from jupyter_client.provisioning import LocalProvisioner

NAME = "indikatorbok-forked"
# What an indicator notebook's first cell imports, and the kernel itself.
PRELOAD = ["ipykernel.kernelapp", "indikatorbok.builders", "indikatorbok.report",
           __name__]
# The backend ipykernel sets before a notebook imports matplotlib (the server imports it).
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
SERVER_ENV = {"MPLBACKEND": INLINE_BACKEND, "PYTHONHASHSEED": "0"}  # unless already given
LAUNCHER = ["-m", "ipykernel_launcher"]

_preloaded: tuple[str, ...] | None = None  # what this process's server imports, once set


def use() -> None:
    """Start this process's kernels forked (those of this interpreter's ipykernel)."""
    from jupyter_client.provisioning import KernelProvisionerFactory

    KernelProvisionerFactory.instance().default_provisioner_name = NAME


def forking(made: KernelManager) -> KernelManager:
    """``made``, its kernels forked from now on."""
    spec = made.kernel_spec
    spec.metadata = {**spec.metadata, "kernel_provisioner": {"provisioner_name": NAME}}
    return made


def manager(kernel_name: str) -> AsyncKernelManager:
    """A manager of the kernel ``kernel_name`` whose kernels are forked."""
    return forking(AsyncKernelManager(kernel_name=kernel_name))


@contextlib.contextmanager
def _main_hidden():
    """Leave the caller's main module out of what the server and each kernel prepare from:
    multiprocessing would import it again in them (a script, pytest, the build)."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _ensure_server(extra: tuple[str, ...] = ()) -> None:
    """Have this process's fork server running (started, and the modules imported, by the
    first kernel the process asks for, or by :func:`prepare`)."""
    global _preloaded
    from multiprocessing import forkserver

    if _preloaded is None:
        _preloaded = (*PRELOAD, *extra)
        multiprocessing.get_context("forkserver").set_forkserver_preload(list(_preloaded))
    # Read when the server starts: matplotlib's backend when it is imported, and hashing
    # the same in every process forked (Sphinx writes sets in their order).
    given = {name: os.environ.get(name) for name in SERVER_ENV}
    os.environ.update({name: given[name] or value for name, value in SERVER_ENV.items()})
    try:
        with _main_hidden():
            forkserver.ensure_running()
    finally:
        for name, value in given.items():
            if value is None:
                del os.environ[name]


def prepare(*modules: str) -> None:
    """Start this process's fork server now, with ``modules`` imported in it beside the
    kernels' (a process that lives long and forks them often: the preview)."""
    _ensure_server(modules)


def prepared(*modules: str) -> bool:
    """Whether this process's fork server runs with ``modules`` imported."""
    return set(modules) <= set(_preloaded or ())


def run(target, *args, env: dict[str, str] | None = None, cwd: str | None = None,
        output: str | None = None) -> int:
    """Run ``target(*args)`` in a fresh process forked from this process's server, given
    ``env`` and ``cwd`` as a launched process is, its output written into the file
    ``output``; its exit code."""
    _ensure_server()
    process = multiprocessing.get_context("forkserver").Process(
        target=_launched, args=(target, args, env, cwd, output), daemon=True)
    with _main_hidden():
        process.start()
    process.join()
    return process.exitcode


def _as_launched(env: dict[str, str] | None, cwd: str | None, output: str | None,
                 streams: list[int]) -> None:
    """In a forked process: the environment, working folder and output (for ``streams``)
    its launcher would have given it."""
    if output and streams:
        written = os.open(output, os.O_WRONLY)  # one offset for them all: none overwrites
        for fd in streams:
            os.dup2(written, fd)
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    if cwd:
        os.chdir(cwd)


def _launched(target, args: tuple, env: dict[str, str] | None, cwd: str | None,
              output: str | None) -> None:
    _as_launched(env, cwd, output, [1, 2])
    target(*args)


def _forget_parents_server() -> None:
    """In a process forked from one that started the fork server (the build's workers):
    the server is the parent's, so this process starts its own when it needs one."""
    from multiprocessing import forkserver

    global _preloaded
    _preloaded = None
    server = forkserver._forkserver
    server._lock = threading.Lock()  # another thread may have held it at the fork
    if server._forkserver_pid is not None:
        with contextlib.suppress(OSError):
            os.close(server._forkserver_alive_fd)  # the parent's server ends with the parent
        server._forkserver_pid = server._forkserver_alive_fd = None
        server._forkserver_address = None


os.register_at_fork(after_in_child=_forget_parents_server)


def _end_with_client(pid: int) -> None:
    """End this kernel when its client process ends, as a launched kernel does (ipykernel
    watches its parent, which for a forked kernel is the server, kept running by the
    kernel itself)."""

    def watch() -> None:
        try:
            with contextlib.suppress(ProcessLookupError):
                select.select([os.pidfd_open(pid)], [], [])
        except OSError:  # no pidfds (Linux before 5.3): ask every second
            while _alive(pid):
                time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="client-watcher", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _kernel(arguments: list[str], env: dict[str, str], cwd: str | None,
            silenced: list[int]) -> None:
    """Run in the forked process: become a launched kernel (``arguments``: its command line
    after ``-m ipykernel_launcher``; ``silenced``: the output streams its client
    redirected), then run it."""
    os.setsid()  # its own process group, as Jupyter launches kernels
    _as_launched(env, cwd, os.devnull, silenced)
    from ipykernel import kernelapp

    if env.get("JPY_PARENT_PID"):  # read from the environment when the server imported it
        arguments = [*arguments, f"--IPKernelApp.parent_handle={env['JPY_PARENT_PID']}"]
        _end_with_client(int(env["JPY_PARENT_PID"]))
    sys.argv = [str(Path(kernelapp.__file__).parent.parent / "ipykernel_launcher.py"),
                *arguments]
    try:
        kernelapp.launch_new_instance(argv=arguments)
    finally:
        atexit._run_exitfuncs()  # a forked process leaves by os._exit: clean up as a kernel does


class Forked:
    """A forked kernel, with the part of :class:`subprocess.Popen` the provisioner uses."""

    stdin = stdout = stderr = None

    def __init__(self, arguments: list[str], env: dict[str, str], cwd: str | None,
                 silenced: list[int]):
        _ensure_server()
        self.process = multiprocessing.get_context("forkserver").Process(
            target=_kernel, args=(arguments, env, cwd, silenced))
        with _main_hidden():
            self.process.start()
        # Its client stops it, as a launched kernel's does: multiprocessing, at this
        # process's exit, would stop it (or wait for it) before the client could.
        multiprocessing.process._children.discard(self.process)
        self.pid = self.process.pid

    def poll(self) -> int | None:
        return self.process.exitcode

    def wait(self, timeout: float | None = None) -> int | None:
        self.process.join(timeout)
        return self.process.exitcode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:  # as Popen: an ended process is not signalled
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def forkable(cmd: list[str]) -> bool:
    """Whether ``cmd`` launches this interpreter's ipykernel (which a fork can be)."""
    try:
        same = Path(cmd[0]).resolve() == Path(sys.executable).resolve()
    except (IndexError, OSError):
        return False
    return same and cmd[1:3] == LAUNCHER


class ForkedProvisioner(LocalProvisioner):
    """Jupyter's local provisioner, with kernels forked from the fork server."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        if not forkable(cmd):
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        if not kwargs.get("independent"):  # as Jupyter's launcher: the kernel's client
            env["JPY_PARENT_PID"] = str(os.getpid())
        # Output a client redirects (to a file or nowhere) is not shown.
        silenced = [fd for fd, name in ((1, "stdout"), (2, "stderr")) if kwargs.get(name)]
        self.process = Forked(cmd[3:], env, kwargs.get("cwd"), silenced)
        self.pid = self.pgid = self.process.pid
        self.cwd = kwargs.get("cwd", Path.cwd())
        return self.connection_info


def pytest_configure(config) -> None:
    """As a pytest plugin (``pytest -p indikatorbok.forkedkernels``, as ``make nbval`` runs
    it): the notebooks re-executed in forked kernels."""
    use()
