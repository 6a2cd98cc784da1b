# notebook-gen はこのファイルを実行せず、静的に読み取ります。日本語のすべてのノートブックの最初のセルです。
INSTALL_CONTENT = """
# notebook_gen のインストール
! pip install notebook-gen
# 最新リリースではなくソースからインストールする場合は、上のコマンドをコメントアウトし、下のコマンドのコメントを外してください。
# ! pip install git+https://github.com/notebook-gen/notebook_gen.git
"""

notebook_first_cells = [{"type": "code", "content": INSTALL_CONTENT}]
