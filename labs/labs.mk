# labs/: the handouts. Each labs/labN-NAME.md is rendered by pandoc into one self-contained
# HTML page under build/labs/ that opens offline (CSS and diagrams embedded); the diagrams are
# graphviz sources, labs/diagrams/*.dot, drawn at build time. `make labs` builds them; like the
# slides they are not part of `make` (pandoc and graphviz: `make deps`). LABS_OUT=dir builds
# elsewhere.

LABS_OUT   ?= $(B)/labs
LABS_MD    := $(wildcard labs/lab[0-9]*.md) labs/INSTRUCTORS.md
LABS_HTML  := $(patsubst labs/%.md,$(LABS_OUT)/%.html,$(LABS_MD))
LABS_DOT   := $(wildcard labs/diagrams/*.dot)
LABS_SVG   := $(patsubst labs/diagrams/%.dot,$(LABS_OUT)/diagrams/%.svg,$(LABS_DOT))

.PHONY: labs
labs: $(LABS_HTML)

$(LABS_SVG): $(LABS_OUT)/diagrams/%.svg: labs/diagrams/%.dot
	$(call say,DOT,$<)
	$(Q)mkdir -p $(@D)
	$(Q)dot -Tsvg -o $@.tmp $< && mv $@.tmp $@

# --fail-if-warnings: a missing picture fails the build instead of leaving a hole. Links to
# other handouts (labN-x.md) become links to their pages (labN-x.html).
$(LABS_HTML): $(LABS_OUT)/%.html: labs/%.md labs/handout.css labs/links.lua $(LABS_SVG)
	$(call say,PANDOC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)pandoc --from markdown --to html5 --standalone --self-contained --fail-if-warnings \
		--toc --toc-depth=2 --css labs/handout.css --lua-filter labs/links.lua \
		--resource-path $(LABS_OUT)/diagrams --metadata lang=en \
		-o $@.tmp $< && mv $@.tmp $@

TEST_SUITES += tests/labs/labs-tests
