"""The fast serialiser writes exactly what json (and so nbformat) writes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from notebook_gen.convert.serialize import dumps_indented, dumps_notebook
from tests.dialect_cases import case_names, convert_case

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


def reference(value: object) -> str:
    return json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False)


@given(json_values)
def test_any_json_value_serialises_like_json_dumps(value: object) -> None:
    assert dumps_indented(value) == reference(value)


def test_every_fixture_notebook_serialises_like_json_dumps() -> None:
    for name in case_names():
        for notebook in convert_case(name).notebooks.values():
            assert dumps_indented(notebook) == reference(notebook)


@given(st.dictionaries(st.sampled_from(["cells", "metadata", "nbformat"]), json_values))
def test_a_notebook_with_shared_cells_serialises_like_json_dumps(value: dict[str, object]
                                                                  ) -> None:
    assert dumps_notebook(value, {}) == reference(value)  # the empty one too: "{}"
