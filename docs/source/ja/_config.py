# notebook-gen はこのファイルを実行せず、静的に読み取ります。日本語のすべてのノートブックの最初のセルです。
INSTALL_CONTENT = """
# リポジトリから notebook_gen をインストールします (まだ PyPI では公開されていません)
! pip install git+https://github.com/notebook-gen/notebook_gen.git
# PyPI で公開された後は、次のコマンドで十分です:
# ! pip install notebook-gen
"""

notebook_first_cells = [{"type": "code", "content": INSTALL_CONTENT}]
