# Two entry points for a fresh machine:
#   make map    install briefmap in .venv and build maps/briefing.html from seeds/
#   make test   install briefmap + test tools + Chromium, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: map test fuzz browser bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

map: $(STAMP)
	$(BIN)/briefmap build seeds -o maps/briefing.html

browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		echo "Installing Debian's chromium and chromium-driver for the browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# A longer fuzzing session of the article reader and the geoparse line contract (CI runs 40 examples each).
fuzz: $(STAMP)
	BRIEFMAP_FUZZ_EXAMPLES=$${BRIEFMAP_FUZZ_EXAMPLES:-5000} $(BIN)/python -m pytest -q tests/security/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python benchmarks/lgl_eval.py

clean:
	rm -rf $(VENV) .pytest_cache
