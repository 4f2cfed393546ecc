# kpish — two commands on a fresh Debian machine:
#   make demo   install what is missing, build, create the demo company, open kpish on it
#   make test   install what is missing, run the whole suite

SWIFT    ?= swift
DB       ?= kpish.db
# Debian packages the build needs: PCRE2 (natural questions), readline (the REPL), SQLite (GRDB),
# zlib (ZIPFoundation inflates Excel workbooks), pkg-config (to find PCRE2 and zlib), tmux (the REPL tests drive kpish in a pseudo-terminal), the sqlite3
# shell (bench/import.sh compares with its .import).
PACKAGES := libpcre2-dev libreadline-dev libsqlite3-dev zlib1g-dev pkg-config tmux sqlite3
# What only the tests need: the exports are checked with the tools people open them in —
# openpyxl and LibreOffice read the workbook, a headless Chromium loads the HTML report (with a
# CJK font, so that its screenshots show Chinese).
TEST_PACKAGES := python3-openpyxl libreoffice-calc-nogui chromium fonts-wqy-zenhei
KPISH    := .build/release/kpish

.PHONY: all deps test-deps packages build demo test fuzz corpus-report bench-demo bench-parse bench-engine bench-oneshot bench-forecast bench-import format clean

all: build

deps:
	@$(MAKE) --no-print-directory packages NEEDED="$(PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory packages NEEDED="$(TEST_PACKAGES)"

packages:
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "kpish needs Swift 6.1 or later on PATH (swift.org/install) / 需要 Swift 6.1 以上"; exit 1; }
	@command -v dpkg >/dev/null 2>&1 || { echo "not a Debian system: install PCRE2, readline and SQLite development files and pkg-config yourself / 非 Debian 系统，请自行安装依赖"; exit 0; }
	@missing=""; \
	for package in $(NEEDED); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing / 安装:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "kpish needs these Debian packages / 缺少以下软件包:$$missing"; \
	    echo "run / 请运行:  sudo apt-get update && sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

# The Swift runtime and Foundation are linked in (--static-swift-stdlib): a one-shot `kpish -c`
# then starts in about 6 ms instead of 15, most of which was the dynamic loader binding
# Foundation's and ICU's libraries. The bench scripts build with the same flags.
build: deps
	$(SWIFT) build -c release --static-swift-stdlib --product kpish

demo: build
	@[ -s "$(DB)" ] || $(KPISH) demo --db "$(DB)"
	$(KPISH) --db "$(DB)"

# The import kill test (a million rows, killed a dozen times) runs the release binary.
test: deps test-deps build
	KPISH_RELEASE_BIN=$(CURDIR)/$(KPISH) $(SWIFT) test

# More fuzzing than `make test` runs: FUZZ_COUNT mutated queries (default ten million), a fifth
# as many mutated questions and a thousandth as many mutated scripts (each run as a script and at
# the REPL, against a demo company), in release.
FUZZ_COUNT ?= 10000000
fuzz: deps
	FUZZ_COUNT=$(FUZZ_COUNT) $(SWIFT) test -c release --filter "FuzzTests|QuestionFuzzTests|ScriptFuzzTests"

# The question corpus: precision and recall per intent, confusions, questions per second.
corpus-report: deps
	bench/ask.sh

# Time `kpish demo --orders 1000000` in release and print rows per second.
bench-demo: build
	bench/demo.sh

# Parse a typical query, against SQLite preparing the same question in SQL.
# Forecast accuracy on real monthly series and the demo company, against statsforecast.
bench-forecast: deps
	bench/forecast.sh

bench-parse: deps
	bench/parse.sh

# The engine at 1,000,000 order lines against DuckDB (a venv in bench/.venv), warm, per query.
bench-engine: build
	bench/engine.sh

# One-shot `kpish -c` against the DuckDB CLI binary at 1M and 10M order lines (ORDERS="1000000").
bench-oneshot: deps
	bench/oneshot.sh $(ORDERS)

# Import a million-row CSV with kpish (cleaning included) and with sqlite3's .import; print the ratio.
bench-import: deps
	bench/import.sh

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build
