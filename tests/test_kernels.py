"""The shared-kernel Papermill engine: a notebook run after another in the same kernel
sees a fresh kernel (empty namespace, counts from 1, no open figures)."""

import nbformat
import papermill as pm
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from indikatorbok import kernels


def notebook(path, *sources):
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return str(path)


def run(path, engine=kernels.ENGINE):
    return pm.execute_notebook(path, None, kernel_name="python3", engine_name=engine,
                               progress_bar=False)


def outputs(nb):
    return [(c.execution_count, c.outputs) for c in nb.cells]


@pytest.fixture
def shared_kernel():
    kernels.shutdown()
    yield
    kernels.shutdown()


def test_second_notebook_sees_a_fresh_kernel(tmp_path, shared_kernel):
    first = notebook(tmp_path / "a.ipynb", "leftover = 41",
                     "import matplotlib.pyplot as plt\nfig = plt.figure()", "leftover")
    second = notebook(tmp_path / "b.ipynb",
                      "print('leftover' in dir())",
                      "import matplotlib.pyplot as plt\nprint(plt.get_fignums())",
                      "get_ipython().execution_count")
    run(first)
    pid = kernels._manager.provisioner.process.pid
    reused = run(second)
    assert kernels._manager.provisioner.process.pid == pid  # the same kernel process
    assert [c.outputs[0]["text"] for c in reused.cells[:2]] == ["False\n", "[]\n"]
    assert [c.execution_count for c in reused.cells] == [1, 2, 3]
    kernels.shutdown()
    fresh = run(second, engine="nbclient")
    assert outputs(reused) == outputs(fresh)


def test_after_a_failing_notebook_the_next_sees_a_fresh_kernel(tmp_path, shared_kernel):
    failing = notebook(tmp_path / "fail.ipynb", "leftover = 1", "raise ValueError('bad input')")
    with pytest.raises(pm.PapermillExecutionError, match="bad input"):
        run(failing)
    nb = run(notebook(tmp_path / "ok.ipynb", "print('leftover' in dir())"))
    assert nb.cells[0].outputs[0]["text"] == "False\n"
    assert nb.cells[0].execution_count == 1


def test_shutdown_stops_the_kernel(tmp_path, shared_kernel):
    run(notebook(tmp_path / "a.ipynb", "1"))
    process = kernels._manager.provisioner.process
    kernels.shutdown()
    assert kernels._manager is None
    assert process.poll() is not None
