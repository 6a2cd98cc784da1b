"""GPU runtime: a notebook whose code needs CUDA asks Colab for a GPU, the way Colab
writes it; others ask for none. Signs and GPU type are settings; the index marks them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notebook_gen.builder.manifest import Manifest, PageRecord
from notebook_gen.builder.output.index import IndexLinks, index_files
from notebook_gen.builder.snapshot import Stamp
from notebook_gen.cli import main
from notebook_gen.convert.gpu import GpuOptions, cuda_use
from notebook_gen.convert.page import ConvertOptions, convert_page
from notebook_gen.errors import PageError
from notebook_gen.model import CellSpec
from tests.buildtree import write_pages


def notebooks(code: str, options: ConvertOptions | None = None) -> dict[str, dict]:
    return convert_page(f"# Page\n\n```py\n{code}\n```\n", "en/page.md", options).notebooks


def metadata(code: str, options: ConvertOptions | None = None) -> dict:
    return notebooks(code, options)["mixed"]["metadata"]


@pytest.mark.parametrize("code", [
    'model.to("cuda")',
    "x = x.to('cuda:0')",
    'device = torch.device("cuda")',
    "model = model.cuda()",
    "torch.cuda.empty_cache()",
    'device = "cuda" if torch.cuda.is_available() else "cpu"',
    'model = AutoModel.from_pretrained("m", device_map="auto")',
    'pipe = pipeline("x", device_map = {"": 0})',
    'pipe = pipeline("text-generation", device=0)',
    'pipe = pipeline("text-generation", model_kwargs={"device_map": "auto"})',
    "kwargs = {'device_map' : 'cuda'}",
    'config = dict(\n    device_map="auto",\n)',
    '"""A docstring."""\nmodel.to("cuda")',
    'print("unclosed\nmodel.cuda()',
    'if x:\n        y = 1\n    z = 2\nmodel.cuda()',
    '%time model.cuda()',
])
def test_each_sign_of_cuda_asks_for_a_gpu_as_colab_writes_it(code: str) -> None:
    meta = metadata(code)
    assert meta["accelerator"] == "GPU"
    assert meta["colab"]["gpuType"] == "T4"


@pytest.mark.parametrize("code", [
    'model.to("cpu")',
    "# model.cuda() would need a GPU",
    'print("cuda is the name of the platform")',
    "device_mapping = {}",
    'torch_dtype = "auto"',
    'model = AutoModel.from_pretrained("m", device_map="cpu")',
    'model = AutoModel.from_pretrained("m", device_map = "cpu")',
    'pipe = pipeline("text-generation", device=-1)',
    'pipe = pipeline("text-generation", model_kwargs={"device_map": "cpu"})',
    'job = submit(script="import torch; torch.cuda.synchronize()")',
    "command = ['python', '-c', 'model.cuda()']",
    'SCRIPT = """\nimport torch\nmodel.to("cuda")\ntorch.cuda.empty_cache()\n"""',
    'x = 1  # then model.cuda() on a GPU machine',
    'text = f"run model.cuda() on {host}"',
    'SCRIPT = """never closed\nmodel.to("cuda")',
])
def test_code_without_a_sign_asks_for_no_accelerator(code: str) -> None:
    meta = metadata(code)
    assert "accelerator" not in meta
    assert "gpuType" not in meta["colab"]


def test_install_cells_and_prose_are_not_code_that_needs_cuda() -> None:
    install = CellSpec("code", "!pip install torch --index-url https://x/whl/cu118 'cuda'", 0,
                       tags=("install",), origin="en/_config.py")
    text = 'Call `model.to("cuda")` on a GPU machine.\n\n```py\nx = 1\n```\n'
    result = convert_page("# Page\n\n" + text, "en/page.md", ConvertOptions(first_cells=(install,)))
    assert "accelerator" not in result.notebooks["mixed"]["metadata"]


def test_only_the_variant_whose_code_needs_cuda_asks_for_a_gpu() -> None:
    page = ("# Page\n\n<frameworkcontent>\n<pt>\n\n```py\nmodel.to(\"cuda\")\n```\n\n</pt>\n"
            "<tf>\n\n```py\nimport tensorflow as tf\n```\n\n</tf>\n</frameworkcontent>\n")
    result = convert_page(page, "en/page.md").notebooks
    asks = {variant: "accelerator" in nb["metadata"] for variant, nb in result.items()}
    assert asks == {"mixed": True, "pytorch": True, "tensorflow": False}


def test_signs_and_gpu_type_come_from_settings() -> None:
    gpu = GpuOptions.from_settings({"gpu_signs": [r"\bjax\.devices\("], "gpu_type": "A100"})
    options = ConvertOptions(gpu=gpu)
    assert metadata('model.to("cuda")', options).get("accelerator") is None
    meta = metadata("print(jax.devices())", options)
    assert (meta["accelerator"], meta["colab"]["gpuType"]) == ("GPU", "A100")
    assert "accelerator" not in metadata("model.cuda()", ConvertOptions(gpu=GpuOptions(())))


@pytest.mark.parametrize("settings, words", [
    ({"gpu_signs": "cuda"}, "must be a list"),
    ({"gpu_signs": ["(unclosed"]}, "'(unclosed' is not a regular expression"),
    ({"gpu_type": ""}, "gpu-type must be a GPU name"),
])
def test_bad_gpu_settings_are_clear_errors(settings: dict, words: str) -> None:
    with pytest.raises(PageError, match=words.replace("(", r"\(")):
        GpuOptions.from_settings(settings)


def test_manifest_keeps_gpu_outputs_and_the_index_marks_them(tmp_path: Path) -> None:
    outputs = ["en/a.ipynb", "en/pytorch/a.ipynb", "en/tensorflow/a.ipynb"]
    record = PageRecord("h", outputs, "A", gpu=outputs[:2],
                        stamps=dict.fromkeys(outputs, Stamp(1, "hash")))
    manifest = Manifest({"en/a.md": record}, changed=True)
    manifest.save(tmp_path)
    assert Manifest.load(tmp_path).pages["en/a.md"].gpu == record.gpu
    files = index_files({"en/a.md": record}, {"en": "en/"}, {}, IndexLinks())
    line = next(x for x in files["en/index.md"].splitlines() if x.startswith("- "))
    assert "[Mixed](a.ipynb) (GPU)" in line
    assert "[PyTorch](pytorch/a.ipynb) (GPU)" in line
    assert "[TensorFlow](tensorflow/a.ipynb)" in line and line.count("(GPU)") == 2
    data = json.loads("".join(files["index.json"]))
    assert [nb["gpu"] for nb in data["languages"]["en"][0]["notebooks"]] == [True, True, False]


def test_build_asks_for_a_gpu_marks_the_index_and_reads_settings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = write_pages(tmp_path / "lib" / "docs" / "source", {
        "gpu.md": '# On a GPU\n\n[[open-in-colab]]\n\n```py\nmodel.to("cuda")\n```\n',
        "cpu.md": "# On a CPU\n\n[[open-in-colab]]\n\n```py\nx = 1\n```\n"})
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    gpu = json.loads((out / "en" / "gpu.ipynb").read_text(encoding="utf-8"))["metadata"]
    cpu = json.loads((out / "en" / "cpu.ipynb").read_text(encoding="utf-8"))["metadata"]
    assert (gpu["accelerator"], gpu["colab"]["gpuType"], "accelerator" in cpu) == \
        ("GPU", "T4", False)
    index = (out / "en" / "index.md").read_text(encoding="utf-8")
    assert "(gpu.ipynb) (GPU)" in index and "(cpu.ipynb) (GPU)" not in index
    (tmp_path / "lib" / "pyproject.toml").write_text(
        '[tool.notebook-gen]\ngpu-type = "L4"\n', encoding="utf-8")
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    gpu = json.loads((out / "en" / "gpu.ipynb").read_text(encoding="utf-8"))["metadata"]
    assert gpu["colab"]["gpuType"] == "L4"


@pytest.mark.parametrize(("code", "use"), [
    ('model.to("cuda")', "needs"),
    ('device = "cuda" if torch.cuda.is_available() else "cpu"', "prefers"),
    ('if torch.cuda.device_count() > 1:\n    model = nn.DataParallel(model)', "prefers"),
    ('if torch.cuda.is_available():\n    x = 1\nmodel.cuda()', "needs"),
    ("x = 1", None),
])
def test_a_cpu_fallback_prefers_a_gpu_without_needing_one(code: str, use: str | None) -> None:
    assert cuda_use([code]) == use
