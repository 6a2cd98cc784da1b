# notebook-gen이 실행하지 않고 정적으로 읽습니다: 모든 한국어 노트북의 첫 번째 셀입니다.
INSTALL_CONTENT = """
# notebook_gen 설치
! pip install notebook-gen
# 최신 릴리스 대신 소스에서 설치하려면 위 명령을 주석 처리하고 아래 명령의 주석을 해제하세요.
# ! pip install git+https://github.com/notebook-gen/notebook_gen.git
"""

notebook_first_cells = [{"type": "code", "content": INSTALL_CONTENT}]
