"""The research notebooks execute top to bottom on the bundled sample corpus (so they cannot rot)."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pipeline folder shared by the notebooks: the second resumes from the first's cache."""
    return tmp_path_factory.mktemp("notebook-run")


def test_there_are_at_least_two_notebooks() -> None:
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes_on_the_sample_corpus(path: Path, sample_dir: Path, run_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("NLP_GK_CORPUS", str(sample_dir))
    monkeypatch.setenv("NLP_GK_OUT", str(run_dir))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert f"corpus: {sample_dir}" in text and "tagged: True" in text
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the figures were drawn


def test_notebooks_define_no_functions_or_classes() -> None:
    import nbformat

    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert "def " not in code and "class " not in code, path.name
        assert "from nlp_gk import analysis" in code
