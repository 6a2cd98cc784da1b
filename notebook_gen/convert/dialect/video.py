"""``<Youtube id="..."/>``: a code cell that shows the video (its input hidden)."""

from __future__ import annotations

import json


def video_cell_source(video_id: str) -> str:
    """A Colab form cell (``#@title``) that embeds the video with an IPython iframe."""
    url = f"https://www.youtube.com/embed/{video_id}"
    iframe = (
        f'<iframe width="560" height="315" src="{url}" title="YouTube video player" '
        'frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; '
        'gyroscope; picture-in-picture" allowfullscreen></iframe>'
    )
    return "\n".join([
        "#@title",
        "from IPython.display import HTML",
        "",
        f"HTML({json.dumps(iframe)})",
    ])
