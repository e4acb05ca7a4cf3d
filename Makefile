# The README's two commands: `make run` (set up, train if no model, run the main job) and
# `make test`.
# Both are idempotent: the virtual environment is built once and rebuilt only when
# pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

SAMPLE := "Kính gửi UBND xã Hải Thọ. Cán bộ địa chính xã hẹn tôi 5 lần vẫn chưa ký hồ sơ cấp sổ đỏ, còn gợi ý phải bồi dưỡng 3 triệu thì mới nhanh. Đề nghị xã xem xét, xử lý."

.PHONY: setup model run serve test bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

model: $(STAMP)
	test -f models/LATEST || $(BIN)/pakn train

# Until the service lands (issue 7), the main job classifies a sample petition.
run: model
	$(BIN)/pakn classify $(SAMPLE)

serve: model
	$(BIN)/pakn serve

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_text
