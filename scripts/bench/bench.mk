# make bench: the nanobenchmarks natively, under te and under vmx, the boot ratio and the
# grader's speed, into build/bench/report.md and its CSVs (scripts/bench/bench). Not in
# make test: it takes a few minutes. Its parser is checked in make test on a sample.
.PHONY: bench
bench: deps-check
	$(Q)$(MAKE) -s --no-print-directory all
	$(Q)scripts/bench/bench

TEST_SUITES += tests/bench/bench-tests

# The lecture's table of duplicata's own numbers, from a fresh measurement.
.PHONY: bench-slides
bench-slides: bench
	$(Q)cp $(B)/bench/nanobench.csv slides/bench/nanobench.csv
	$(Q)scripts/bench/slide-table
