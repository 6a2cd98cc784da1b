# Read statically by notebook-gen (never executed): the first cell of every English notebook.
INSTALL_CONTENT = """
# Install notebook_gen
! pip install notebook-gen
# To install from source instead of the latest release, comment out the command above and
# uncomment the following one.
# ! pip install git+https://github.com/notebook-gen/notebook_gen.git
"""

notebook_first_cells = [{"type": "code", "content": INSTALL_CONTENT}]
