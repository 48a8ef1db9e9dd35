# make bench: the nanobenchmarks natively, under te and under vmx, the boot ratio and the
# grader's speed, into build/bench/report.md, its CSVs and a plot (scripts/bench/bench). Not in
# make test: it takes a few minutes. Its parser (on a sample) and its plot (of the committed
# measurement) are checked in make test.
.PHONY: bench
bench: deps-check
	$(Q)$(MAKE) -s --no-print-directory all
	$(Q)scripts/bench/bench

TEST_SUITES += tests/bench/bench-tests

# The lecture's table of duplicata's own numbers, from a fresh measurement (make slides draws
# its plot from the same CSV).
.PHONY: bench-slides
bench-slides: bench
	$(Q)cp $(B)/bench/nanobench.csv slides/bench/nanobench.csv
	$(Q)scripts/bench/slide-table
