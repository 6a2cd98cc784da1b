# notebook-gen이 실행하지 않고 정적으로 읽습니다: 모든 한국어 노트북의 첫 번째 셀입니다.
INSTALL_CONTENT = """
# 저장소에서 notebook_gen 설치 (아직 PyPI에 배포되지 않았습니다)
! pip install git+https://github.com/notebook-gen/notebook_gen.git
# PyPI에 배포된 뒤에는 다음 명령으로 충분합니다:
# ! pip install notebook-gen
"""

notebook_first_cells = [{"type": "code", "content": INSTALL_CONTENT}]
