"""Choosing notebooks: discovery, --select, --lang, frameworks, shards, imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notebook_gen.errors import NotebookGenError
from notebook_gen.execute import environment
from notebook_gen.execute.jobs import Selection, filter_jobs, find_jobs, missing_frameworks
from notebook_gen.execute.shard import Shard, parse_shard

FILES = Path(__file__).parent / "files"


def _write(
    path: Path, source: str = "en/page.md", frameworks: tuple[str, ...] = (), code: str = "x = 1"
) -> Path:
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [],
                "execution_count": None,
                "source": code,
            }
        ],
        "metadata": {
            "notebook_gen": {
                "source": source,
                "docs_root": "docs/source",
                "frameworks": list(frameworks),
            }
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook))
    return path


def test_find_jobs_walks_directories_in_name_order(tmp_path: Path) -> None:
    _write(tmp_path / "fr" / "b.ipynb", "fr/b.md")
    _write(tmp_path / "en" / "pytorch" / "a.ipynb", "en/a.md", ("pytorch",))
    _write(tmp_path / "en" / ".ipynb_checkpoints" / "a-checkpoint.ipynb")
    jobs = find_jobs(tmp_path)
    assert [job.name for job in jobs] == ["en/pytorch/a.ipynb", "fr/b.ipynb"]
    assert (jobs[0].page, jobs[0].lang, jobs[0].frameworks) == (
        "docs/source/en/a.md",
        "en",
        ("pytorch",),
    )


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NotebookGenError, match="no such notebook or directory"):
        find_jobs(tmp_path / "nope")


def test_select_globs_and_languages(tmp_path: Path) -> None:
    _write(tmp_path / "en" / "quicktour.ipynb", "en/quicktour.md")
    _write(tmp_path / "en" / "install.ipynb", "en/install.md")
    _write(tmp_path / "fr" / "quicktour.ipynb", "fr/quicktour.md")
    jobs = find_jobs(tmp_path)

    def names(**kwargs: tuple[str, ...]) -> list[str]:
        return [job.name for job in filter_jobs(jobs, **kwargs)]

    assert names(select=("quicktour*",)) == ["en/quicktour.ipynb", "fr/quicktour.ipynb"]
    assert names(select=("en/*",)) == ["en/install.ipynb", "en/quicktour.ipynb"]
    assert names(langs=("fr",)) == ["fr/quicktour.ipynb"]
    assert names(select=("quicktour*",), langs=("en",)) == ["en/quicktour.ipynb"]


def test_imports_are_collected_from_code_cells(tmp_path: Path) -> None:
    code = "import numpy as np, os.path\nfrom transformers.pipelines import pipeline\n!pip install"
    (job,) = find_jobs(_write(tmp_path / "a.ipynb", code=code))
    assert job.imports == ("numpy", "os", "transformers")


def test_mixed_notebooks_need_every_framework(tmp_path: Path) -> None:
    (job,) = find_jobs(_write(tmp_path / "a.ipynb", frameworks=("pytorch", "tensorflow")))
    assert missing_frameworks(job, {"torch": True, "tensorflow": True}) is None
    assert missing_frameworks(job, {"torch": True, "tensorflow": False}) == (
        "needs TensorFlow (tensorflow is not importable)"
    )


@given(st.sets(st.text("abcdef/", min_size=1, max_size=8), max_size=40), st.integers(1, 7))
def test_shards_partition_the_notebooks(names: set[str], count: int) -> None:
    items = [_Named(name) for name in names]
    shards = [Shard(index, count).take(items) for index in range(1, count + 1)]
    taken = [item.name for shard in shards for item in shard]
    assert sorted(taken) == sorted(names)  # every notebook in exactly one shard
    assert max(map(len, shards)) - min(map(len, shards)) <= 1


def test_shards_of_the_test_notebooks_are_stable() -> None:
    jobs = find_jobs(FILES)
    first = [job.name for job in Selection(shard=parse_shard("1/3")).apply(jobs)]
    assert first == [job.name for job in find_jobs(FILES)][::3]


@pytest.mark.parametrize("spec", ["0/2", "3/2", "1", "a/b", "1/0"])
def test_bad_shard_specs_are_rejected(spec: str) -> None:
    with pytest.raises(ValueError, match="shard"):
        parse_shard(spec)


class _Named:
    def __init__(self, name: str) -> None:
        self.name = name


def test_notebooks_are_named_from_the_common_root_of_the_arguments(tmp_path: Path) -> None:
    """Two quick tours, two folders: every notebook keeps a name of its own."""
    first = _write(tmp_path / "a" / "quicktour.ipynb")
    second = _write(tmp_path / "b" / "quicktour.ipynb")
    assert [job.name for job in find_jobs([first, second])] == [
        "a/quicktour.ipynb",
        "b/quicktour.ipynb",
    ]
    _write(tmp_path / "x" / "notebooks" / "en" / "index.ipynb")
    _write(tmp_path / "y" / "notebooks" / "en" / "index.ipynb")
    folders = [tmp_path / "x" / "notebooks", tmp_path / "y" / "notebooks"]
    assert [job.name for job in find_jobs(folders)] == [
        "x/notebooks/en/index.ipynb",
        "y/notebooks/en/index.ipynb",
    ]
    # one folder: names relative to it; a file inside it given again is the same notebook
    inside = tmp_path / "x" / "notebooks" / "en" / "index.ipynb"
    assert [job.name for job in find_jobs([folders[0], inside])] == ["en/index.ipynb"]


@pytest.mark.parametrize(
    ("code", "needs"),
    [
        ("model.to('cuda')", True),
        ('inputs = inputs.to("cuda:0")', True),
        ("model = model.cuda()", True),
        ("torch.cuda.synchronize()", True),
        ('model = load("x", device_map="auto")', True),
        ('pipe = pipeline("text-generation", device=0)', True),
        ('device = "cuda" if torch.cuda.is_available() else "cpu"', False),
        ('model = load("x", device_map="cpu")', False),
        ('# model.to("cuda") on a GPU', False),
        ("pipe = pipeline('text-generation', device=-1)", False),
        ("print('no accelerator here')", False),
    ],
)
def test_code_that_needs_cuda(tmp_path: Path, code: str, needs: bool) -> None:
    (job,) = find_jobs(_write(tmp_path / "a.ipynb", code=code))
    assert job.needs_gpu is needs


def test_a_foreign_notebooks_accelerator_metadata_wins_over_the_code(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.ipynb", code="model.to('cuda')")
    notebook = json.loads(path.read_text())
    notebook["metadata"] = {"accelerator": "None"}  # not written by notebook_gen
    path.write_text(json.dumps(notebook))
    assert find_jobs(path)[0].needs_gpu is False
    notebook["metadata"] = {"colab": {"accelerator": "GPU"}}
    notebook["cells"][0]["source"] = "print(1)"
    path.write_text(json.dumps(notebook))
    assert find_jobs(path)[0].needs_gpu is True


def test_our_notebooks_are_judged_by_their_code_not_their_colab_runtime(tmp_path: Path) -> None:
    # Colab gets a GPU for code that merely prefers one; a CPU runner still runs it.
    fallback = 'device = "cuda" if torch.cuda.is_available() else "cpu"'
    path = _write(tmp_path / "a.ipynb", code=fallback)
    notebook = json.loads(path.read_text())
    notebook["metadata"]["accelerator"] = "GPU"
    path.write_text(json.dumps(notebook))
    assert find_jobs(path)[0].needs_gpu is False


def test_a_gpu_is_seen_through_its_driver_unless_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    driver = tmp_path / "nvidiactl"
    monkeypatch.setattr(environment, "_GPU_DEVICES", (str(driver),))
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    assert environment.gpu_available() is False
    driver.touch()
    assert environment.gpu_available() is True
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    assert environment.gpu_available() is False


# --- shards balanced by the durations of an earlier run ---


def _report(path: Path, seconds: dict[str, float], shared: dict[str, str] | None = None) -> Path:
    from notebook_gen.execute.results import NotebookResult, RunReport, Status, report_to_dict

    shared = shared or {}
    results = tuple(NotebookResult(name, Status.PASSED, spent, shared_run=shared.get(name))
                    for name, spent in seconds.items())
    path.write_text(json.dumps(report_to_dict(RunReport(results))))
    return path


def test_a_shard_split_from_a_previous_report_balances_seconds(tmp_path: Path) -> None:
    from notebook_gen.execute.shard import read_durations

    seconds = {f"n{i}.ipynb": 1.0 for i in range(9)} | {"a.ipynb": 10.0}
    seconds |= {"cached.ipynb": 0.0}  # took no time worth knowing: counted as the mean
    durations = read_durations(_report(tmp_path / "night.json", seconds))
    assert "cached.ipynb" not in durations and durations["a.ipynb"] == 10.0
    items = [_Named(name) for name in seconds]
    by_count = [Shard(index, 2).take(items) for index in (1, 2)]
    by_time = [Shard(index, 2).take(items, seconds=durations) for index in (1, 2)]
    assert sorted(item.name for shard in by_time for item in shard) == sorted(seconds)

    def load(shard: list[_Named]) -> float:
        return sum(seconds[item.name] or 1.9 for item in shard)  # 1.9: the mean of the known

    assert [item.name for item in by_time[0]] == ["a.ipynb"]  # the long one alone
    assert max(map(load, by_time)) == pytest.approx(10.9)  # the mean: 10.45
    assert max(map(load, by_count)) > 14.0  # dealt by count: the long one with half the rest
    assert Shard(1, 2).loads(items, seconds=durations) == [10.0, pytest.approx(10.9)]


def test_shards_fall_back_to_count_when_no_duration_is_known(tmp_path: Path) -> None:
    items = [_Named(f"n{i}.ipynb") for i in range(7)]
    known = {"other.ipynb": 5.0}
    for index in (1, 2, 3):
        assert Shard(index, 3).take(items, seconds=known) == Shard(index, 3).take(items)


def test_notebooks_sharing_a_run_stay_in_one_shard(tmp_path: Path) -> None:
    from notebook_gen.execute import units
    from notebook_gen.execute.options import ExecuteOptions

    for variant in ("", "pytorch/", "tensorflow/"):
        _write(tmp_path / "en" / f"{variant}same.ipynb", "en/same.md", code="x = 1")
    for name in ("a", "b", "c"):
        _write(tmp_path / "en" / f"{name}.ipynb", f"en/{name}.md", code=f"{name} = 1")
    jobs = find_jobs(tmp_path)
    options = ExecuteOptions()
    durations = {job.name: 2.0 for job in jobs}
    for known in ({}, durations):
        shards = [Selection(shard=Shard(index, 2), durations=known).apply(
            jobs, together=lambda job: units.share_key(job, options)) for index in (1, 2)]
        with_same = [shard for shard in shards if any("same" in job.name for job in shard)]
        assert len(with_same) == 1 and sum("same" in job.name for job in with_same[0]) == 3
        assert sorted(len(shard) for shard in shards) == [2, 4]  # two runs each


def test_a_durations_file_that_is_not_a_report_is_an_error(tmp_path: Path) -> None:
    from notebook_gen.execute.shard import read_durations

    (tmp_path / "x.json").write_text("[1, 2]")
    for path in (tmp_path / "x.json", tmp_path / "missing.json"):
        with pytest.raises(ValueError, match="--durations"):
            read_durations(path)
