"""Conversion time against page size: 1 KB to 10 MB pages of a realistic mix of constructs.

Each size reports seconds per MB (best of a few runs, enough runs to last a moment for
small pages). Linear conversion keeps seconds per MB flat; a row compares the costliest
size with the cheapest (at most ``LINEAR_RATIO`` counts as linear). The same ratio with
the cyclic garbage collector paused tells the converter's own growth from the collector's
(whose passes over a large heap make big pages somewhat dearer per MB), and the last row
is the peak memory a 1 MB page needs.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from typing import Any

from notebook_gen.convert.page import convert_page

SIZES = (("1 KB", 1_000), ("10 KB", 10_000), ("100 KB", 100_000), ("1 MB", 1_000_000),
         ("10 MB", 10_000_000))
LINEAR_RATIO = 3.0
TARGET_S_PER_MB = 5.0
TARGET_PEAK_MB_PER_MB = 100.0
MIN_SECONDS = 0.5
"""Small pages are converted repeatedly until this much time has passed (best run kept)."""

SECTION = """## Step {n}: preparing the data[[step-{n}]]

Before training, load a dataset with [`~datasets.load_dataset`] and look at one example.
The tokenizer turns text into ids; see [the preprocessing guide](./preprocessing) and the
formula \\\\( y = Wx + b \\\\). Accents and scripts: café, naïve, 日本語, 한국어, émoji 🤗.

```py
>>> from datasets import load_dataset
>>> dataset = load_dataset("example/reviews_{n}", split="train")
>>> dataset[0]["text"]  # doctest: +ELLIPSIS
'A great film...'
>>> for row in dataset.select(range(2)):
...     print(len(row["text"]))
42
17
```

<Tip warning={{true}}>

Large datasets stream; pass `streaming=True`:

```py
dataset = load_dataset("example/reviews_{n}", streaming=True)
```

</Tip>

> [!NOTE]
> Shards download in parallel.

1. Install the libraries:

   ```bash
   pip install datasets transformers
   ```

2. Tokenize:

   ```python
   tokens = tokenizer(dataset[0]["text"], truncation=True)
   ```

<frameworkcontent>
<pt>

```py
>>> import torch
>>> torch.tensor(tokens["input_ids"]).shape
torch.Size([12])
```

</pt>
<tf>

```py
>>> import tensorflow as tf
>>> tf.constant(tokens["input_ids"]).shape
TensorShape([12])
```

</tf>
</frameworkcontent>

<hfoptions id="train-{n}">
<hfoption id="pipeline">

```py
from transformers import pipeline
classifier = pipeline("sentiment-analysis")
```

</hfoption>
<hfoption id="AutoModel">

```py
from transformers import AutoModel
model = AutoModel.from_pretrained("example/model")
```

</hfoption>
</hfoptions>

| column | type |
|--------|------|
| text   | str  |

```json
{{"label": 1, "text": "A great film"}}
```

"""
HEADER = "<!--Copyright 2024 The Authors. Licensed under the Apache License.-->\n\n" \
         "# Page size benchmark\n\n[[open-in-colab]]\n\n"


def make_page(size: int) -> str:
    """A page of at least ``size`` bytes (UTF-8): numbered sections, then prose to fill."""
    parts = [HEADER]
    total = len(HEADER.encode())
    n = 0
    while total < size:
        section = SECTION.format(n=n)
        encoded = len(section.encode())
        if total + encoded > size and n:
            filler = "Words of prose. " * ((size - total) // 16 + 1)
            parts.append(filler + "\n")
            break
        parts.append(section)
        total += encoded
        n += 1
    return "".join(parts)


def seconds_to_convert(text: str) -> float:
    """The best time of the runs that fit in ``MIN_SECONDS`` (at least one)."""
    best = float("inf")
    spent = 0.0
    while spent < MIN_SECONDS or best == float("inf"):
        started = time.perf_counter()
        convert_page(text, "en/big.md")
        took = time.perf_counter() - started
        best, spent = min(best, took), spent + took
    return best


def seconds_without_gc(text: str) -> float:
    gc.collect()
    gc.disable()
    try:
        return seconds_to_convert(text)
    finally:
        gc.enable()


def peak_megabytes(text: str) -> float:
    tracemalloc.start()
    try:
        convert_page(text, "en/big.md")
        return tracemalloc.get_traced_memory()[1] / 1_000_000
    finally:
        tracemalloc.stop()


def _ratio_row(name: str, per_mb: list[float]) -> dict[str, Any]:
    ratio = max(per_mb) / min(per_mb)
    return {"name": name, "value": ratio, "unit": "x", "target": f"<= {LINEAR_RATIO}",
            "ok": ratio <= LINEAR_RATIO}


def run() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    per_mb: list[float] = []
    per_mb_no_gc: list[float] = []
    for name, size in SIZES:
        text = make_page(size)
        megabytes = len(text.encode()) / 1_000_000
        cost = seconds_to_convert(text) / megabytes
        per_mb.append(cost)
        per_mb_no_gc.append(seconds_without_gc(text) / megabytes)
        rows.append({"name": f"convert a {name} page", "value": cost, "unit": "s/MB",
                     "target": f"<= {TARGET_S_PER_MB}", "ok": cost <= TARGET_S_PER_MB})
    rows.append(_ratio_row("page size: costliest / cheapest s/MB (1 = linear)", per_mb))
    rows.append(_ratio_row("same, cyclic GC paused", per_mb_no_gc))
    text = make_page(1_000_000)
    peak = peak_megabytes(text) / (len(text.encode()) / 1_000_000)
    rows.append({"name": "peak memory converting a 1 MB page, per MB", "value": peak,
                 "unit": "MB/MB", "target": f"<= {TARGET_PEAK_MB_PER_MB}",
                 "ok": peak <= TARGET_PEAK_MB_PER_MB})
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:55} {row['value']:8.3f} {row['unit']:5} {row['target']:>8} "
              f"{'ok' if row['ok'] else 'NO'}")
