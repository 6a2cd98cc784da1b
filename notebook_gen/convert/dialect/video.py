"""``<Youtube id="..."/>``: a code cell that shows the video (its input hidden), with the
video already in its output."""

from __future__ import annotations

import json


def video_embed(video_id: str) -> str:
    """The iframe that shows the video: the cell's code displays it, and the cell
    stores it as its output so that the video shows before the cell runs."""
    url = f"https://www.youtube.com/embed/{video_id}"
    return (
        f'<iframe width="560" height="315" src="{url}" title="YouTube video player" '
        'frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; '
        'gyroscope; picture-in-picture" allowfullscreen></iframe>'
    )


def video_cell_source(video_id: str) -> str:
    """A Colab form cell (``#@title``) that embeds the video with an IPython iframe."""
    iframe = video_embed(video_id)
    return "\n".join([
        "#@title",
        "from IPython.display import HTML",
        "",
        f"HTML({json.dumps(iframe)})",
    ])
