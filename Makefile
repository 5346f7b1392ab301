# The two commands of the README: `make run` (extract raw/ into extracted/) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
export PYTHAINLP_OFFLINE = 1
export GX_ANALYTICS_ENABLED = false

.PHONY: run test test-fast test-corpus lint bench score clean

$(BIN)/bkkplan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

run: $(BIN)/bkkplan
	./scripts/system-deps.sh run
	$(BIN)/bkkplan run raw --out extracted

# The tiers (README, "Tests"): the quick one first (fails fast), then the slow one; the corpus
# tier (`pytest -m corpus`: hundreds of fuzz mutants, kills at many points) is left to a manual run.
test: $(BIN)/bkkplan
	./scripts/system-deps.sh test
	$(BIN)/ruff check pipeline tests benchmarks
	$(BIN)/python -m pytest -q -m "not slow"
	$(BIN)/python -m pytest -q -m "slow and not corpus"

test-fast: $(BIN)/bkkplan
	$(BIN)/python -m pytest -q -m "not slow"

test-corpus: $(BIN)/bkkplan
	$(BIN)/python -m pytest -q -m corpus

bench: $(BIN)/bkkplan
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

score: run
	$(BIN)/python ../shared/eval/score_tables.py extracted ../shared/gold/bangna-2569

clean:
	rm -rf extracted .pytest_cache
