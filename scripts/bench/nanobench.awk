# nanobench.awk: the nanobenchmark table of make bench, as CSV, from the serial logs of its runs.
#
# usage: awk -v keys="loop syscall ..." -f nanobench.awk DIR/CONFIG-KEY.serial...
# CONFIG is native, te or vmx; KEY a benchmark of the guest's bench, or none (the baseline run).
# A log holds lines "bench: NAME N iterations C cycles/op" and, under the monitor, its counters
# "NAME COUNT" after "duplicata: vm 0 counters (te):". Traps per op are a benchmark's counters
# minus the baseline's, over its iterations; monitor instructions per trap are the cycles it
# costs above native (with icount a cycle is an instruction) over its traps.

function base(path) { sub(/.*\//, "", path); sub(/\.serial$/, "", path); return path }

{ sub(/\r+$/, "") }          # the serial console ends lines with CR LF

FNR == 1 {
	run = base(FILENAME)
	cfg = run; sub(/-.*/, "", cfg)
	key = run; sub(/^[^-]*-/, "", key)
	incounters = 0
}

/^bench: .* iterations +[0-9]+ cycles\/op$/ {
	line = $0
	sub(/^bench: /, "", line)
	match(line, / +[0-9]+ iterations/)
	name[key] = substr(line, 1, RSTART - 1)
	split(substr(line, RSTART), f, " ")
	iters[key] = f[1]
	cycles[cfg, key] = f[3]
	next
}

/^duplicata: vm [0-9]+ counters/ { incounters = 1; next }
incounters && /^[A-Z_]+ +[0-9]+$/ {
	if ($1 != "TSC_CYCLES") {
		count[cfg, key, $1] = $2
		if (!((cfg, $1) in seen)) { seen[cfg, $1] = 1; order[cfg] = order[cfg] " " $1 }
	}
	next
}
incounters { incounters = 0 }

# "1234" or "-" when a figure is missing.
function fig(x) { return x == "" ? "-" : x }

# The traps of cfg per op of key over the baseline: sets per_reason (text) and returns the sum.
function traps(cfg, key,    n, r, i, d, total, out) {
	per_reason = ""
	if (iters[key] == "" || !((cfg, key) in cycles))
		return ""
	n = split(order[cfg], r, " ")
	total = 0
	for (i = 1; i <= n; i++) {
		d = (count[cfg, key, r[i]] - count[cfg, "none", r[i]]) / iters[key]
		total += d
		if (d >= 0.005 || d <= -0.005)
			per_reason = per_reason (per_reason == "" ? "" : "; ") r[i] " " sprintf("%.2f", d)
	}
	return sprintf("%.2f", total)
}

# Instructions per trap: extra cycles per op over traps per op; "-" below 0.5 traps per op,
# where the counters show only what happens in the background (timer interrupts).
function per_trap(c, native, t) {
	if (c == "" || native == "" || t == "" || t + 0 < 0.5)
		return "-"
	return sprintf("%.0f", (c - native) / t)
}

END {
	print "benchmark,key,iterations,native_cycles_per_op,te_cycles_per_op,vmx_cycles_per_op," \
	      "te_traps_per_op,vmx_exits_per_op,te_monitor_insns_per_trap,vmx_insns_per_exit," \
	      "te_traps_by_reason,vmx_exits_by_reason"
	nk = split(keys, k, " ")
	for (i = 1; i <= nk; i++) {
		key = k[i]
		te = traps("te", key); te_why = per_reason
		vmx = traps("vmx", key); vmx_why = per_reason
		print fig(name[key]) "," key "," fig(iters[key]) "," fig(cycles["native", key]) "," \
		      fig(cycles["te", key]) "," fig(cycles["vmx", key]) "," fig(te) "," fig(vmx) "," \
		      per_trap(cycles["te", key], cycles["native", key], te) "," \
		      per_trap(cycles["vmx", key], cycles["native", key], vmx) "," \
		      fig(te_why) "," fig(vmx_why)
	}
}
