"""A Papermill engine that keeps one kernel per process for all its notebooks (the
preview's process keeps it between builds).

Starting a kernel and importing pandas, SciPy, matplotlib and the package cost more than
most indicator notebooks compute. Papermill's own engine starts and stops a kernel for
every notebook; this one, :data:`ENGINE`, starts a kernel the first time a process runs a
notebook and reuses it for the next, after resetting it as a fresh kernel would be: the
user namespace and history emptied, execution counts from 1, no open figures, the
programmes' files forgotten (read anew). The package's modules stay imported; they hold
no results, so a notebook's outputs do not depend on what ran before it in the same
kernel (nbval re-executes every notebook in a fresh kernel and
compares its outputs with the build's, and the reproducibility test compares two builds).
"""

from __future__ import annotations

import atexit

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger

from indikatorbok import forkedkernels

ENGINE = "indikatorbok-shared-kernel"
# Run silently (no history, no execution count) after each notebook: its figures closed,
# the programmes' files (definitions, contracts, own code) to be read anew by the next.
RESET = ("import matplotlib.pyplot as _plt\n_plt.close('all')\n"
         "from indikatorbok import programme as _programme\n_programme.forget()\n"
         "get_ipython().reset(new_session=True)")

_manager: AsyncKernelManager | None = None  # this process's kernel, once started


def shutdown() -> None:
    """Stop this process's kernel (if any); the next notebook starts a new one."""
    global _manager
    if _manager is not None and _manager.has_kernel:
        run_sync(_manager.shutdown_kernel)(now=True)
    _manager = None


atexit.register(shutdown)


class SharedKernelEngine(NBClientEngine):
    """Papermill's nbclient engine with this process's kernel passed in, so that nbclient
    starts it the first time and leaves it running afterwards."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                 stdout_file=None, stderr_file=None, start_timeout=60,
                                 execution_timeout=None, **kwargs):
        global _manager
        if _manager is None or _manager.kernel_name != kernel_name:
            shutdown()
            _manager = forkedkernels.manager(kernel_name)
        kwargs.pop("input_path", None)
        client = PapermillNotebookClient(
            nb_man, km=_manager, kernel_name=kernel_name, timeout=execution_timeout,
            startup_timeout=start_timeout, log=logger, log_output=log_output,
            stdout_file=stdout_file, stderr_file=stderr_file, **kwargs)
        try:
            nb = client.execute()
            reply = client.wait_for_reply(client.kc.execute(RESET, silent=True,
                                                             store_history=False))
            if reply is None or reply["content"]["status"] != "ok":
                shutdown()  # not reset: the next notebook gets a new kernel
        except BaseException:
            shutdown()
            raise
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
        return nb


papermill_engines.register(ENGINE, SharedKernelEngine)
