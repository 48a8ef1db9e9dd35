# slides/: the lecture. One deck per language, slides/NAME.LANG.md (same sections, same ids),
# rendered by pandoc into self-contained HTML under build/slides/ that opens offline: our own
# template, CSS and script (no slide framework to download), diagrams drawn from graphviz sources
# per language (slides/diagrams/LANG/*.dot) and embedded, with the plot of the committed
# measurement slides/bench/nanobench.csv (scripts/bench/plot) drawn beside them per language.
# `make slides` builds them; they are not part of `make` (they need pandoc and graphviz, which
# `make deps` installs). `make test` checks them with tests/slides/slides-tests. SLIDES_OUT=dir
# builds elsewhere (the tests do).

SLIDES_OUT     ?= $(B)/slides
SLIDES_MD      := $(wildcard slides/*.md)
SLIDES_HTML    := $(patsubst slides/%.md,$(SLIDES_OUT)/%.html,$(SLIDES_MD))
SLIDES_DOT     := $(wildcard slides/diagrams/*/*.dot)
SLIDES_SVG     := $(patsubst slides/diagrams/%.dot,$(SLIDES_OUT)/diagrams/%.svg,$(SLIDES_DOT))
SLIDES_PARTS   := slides/template.html slides/deck.css slides/deck.js slides/deck-labs.lua
SLIDES_HANDOUTS = $(notdir $(wildcard labs/lab[0-9]*.md))

# a deck's language is the last dot-separated part of its name: virtualization.pt-BR -> pt-BR
slides_lang = $(lastword $(subst ., ,$(1)))

# one plot per deck language: DIR/diagrams/LANG/nanobench.svg
SLIDES_PLOT    := $(sort $(foreach md,$(SLIDES_MD),\
			$(SLIDES_OUT)/diagrams/$(call slides_lang,$(basename $(notdir $(md))))/nanobench.svg))

.PHONY: slides
slides: $(SLIDES_HTML)

$(SLIDES_SVG): $(SLIDES_OUT)/diagrams/%.svg: slides/diagrams/%.dot
	$(call say,DOT,$<)
	$(Q)mkdir -p $(@D)
	$(Q)dot -Tsvg -o $@.tmp $< && mv $@.tmp $@

$(SLIDES_PLOT): $(SLIDES_OUT)/diagrams/%/nanobench.svg: slides/bench/nanobench.csv \
		scripts/bench/plot scripts/bench/plot.awk
	$(call say,PLOT,$@)
	$(Q)mkdir -p $(@D)
	$(Q)scripts/bench/plot --lang $* $< $@

# --fail-if-warnings: a missing picture or resource fails the build instead of leaving a hole
$(SLIDES_HTML): $(SLIDES_OUT)/%.html: slides/%.md $(SLIDES_PARTS) $(SLIDES_SVG) $(SLIDES_PLOT) \
		labs/README.md $(wildcard labs/lab[0-9]*.md)
	$(call say,PANDOC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)pandoc --from markdown --to dzslides --slide-level=2 --self-contained \
		--fail-if-warnings --wrap=none --template slides/template.html --css slides/deck.css \
		--variable deckjs=slides/deck.js --lua-filter slides/deck-labs.lua \
		--resource-path $(SLIDES_OUT)/diagrams/$(call slides_lang,$*) \
		--metadata handouts="$(SLIDES_HANDOUTS)" \
		--metadata labs-href="$$(realpath -m --relative-to=$(@D) labs)" \
		-o $@.tmp $< && mv $@.tmp $@

TEST_SUITES += tests/slides/slides-tests
