# Read statically by notebook-gen (never executed): the first cell of every English notebook.
INSTALL_CONTENT = """
# Install notebook_gen from its repository (it is not published on PyPI yet).
! pip install git+https://github.com/notebook-gen/notebook_gen.git
# Once it is released on PyPI, this is enough:
# ! pip install notebook-gen
"""

notebook_first_cells = [{"type": "code", "content": INSTALL_CONTENT}]
