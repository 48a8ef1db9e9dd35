# plot.awk: the nanobenchmark plot, as SVG, from a nanobench CSV (see scripts/bench/plot).
#
# usage: awk -v lang=en|pt-BR -v file=NAME -f plot.awk CSV
# One group of bars per benchmark (not the loop calibration row), one bar per configuration,
# cycles per operation on a log y axis. Prints the SVG only at the end, once every line has been
# read; on bad input it prints "plot: FILE:LINE: why" on stderr, nothing on stdout, and exits 2.

BEGIN {
	ncfg = split("native te vmx", cfg, " ")
	col["native"] = "native_cycles_per_op"; fill["native"] = "#8a93a3"
	col["te"] = "te_cycles_per_op";         fill["te"] = "#e8a33d"
	col["vmx"] = "vmx_cycles_per_op";       fill["vmx"] = "#0b4f6c"
	label["vmx"] = "VT-x"; label["te"] = "trap-and-emulate"
	if (lang == "pt-BR") {
		label["native"] = "nativo"; axis = "ciclos por operação (escala log)"
		title = "Nanobenchmarks: ciclos por operação, nativo, trap-and-emulate e VT-x"
	} else {
		label["native"] = "native"; axis = "cycles per operation (log scale)"
		title = "Nanobenchmarks: cycles per operation, native, trap-and-emulate and VT-x"
	}
	# the picture, in SVG units: the plot area is [left, right] x [top, base]
	W = 1100; H = 500; left = 90; right = 1080; top = 70; base = 430
	barw = 38; gap = 6
	FS = ","
}

function fail(why) {
	printf "plot: %s:%d: %s\n", file, FNR ? FNR : 1, why > "/dev/stderr"
	failed = 1
	exit 2
}

{ sub(/\r$/, "") }

FNR == 1 {
	for (i = 1; i <= NF; i++) at[$i] = i
	nneed = split("benchmark key " col["native"] " " col["te"] " " col["vmx"], need, " ")
	for (i = 1; i <= nneed; i++)
		if (!(need[i] in at))
			fail("not the header of a nanobench CSV (no column " need[i] \
			     "; make bench writes benchmark,key,iterations,native_cycles_per_op,...)")
	nf = NF
	next
}

NF == 0 { next }
NF != nf { fail(NF " fields where the header has " nf) }
$at["key"] == "loop" { next }   # the calibration row: 5 cycles everywhere, by design

{
	n++
	name[n] = $at["benchmark"]; key[n] = $at["key"]
	for (c = 1; c <= ncfg; c++) {
		v = $at[col[cfg[c]]]
		if (v == "-")
			fail(col[cfg[c]] " is -: make bench got no figure for this run")
		if (v !~ /^[0-9]+(\.[0-9]+)?$/)
			fail(col[cfg[c]] " is \"" v "\", not a number")
		if (v + 0 == 0)
			fail(col[cfg[c]] " is 0, which a log scale cannot show")
		val[n, cfg[c]] = v
		if (min == "" || v + 0 < min) min = v + 0
		if (v + 0 > max) max = v + 0
	}
}

# text with & < > " escaped for XML
function esc(s) {
	gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s)
	return s
}

function num(x) { return sprintf("%.1f", x) }

# the y of value v: decades lo..hi span [base, top]
function y(v) { return base - (log(v) / log(10) - lo) / (hi - lo) * (base - top) }

# a benchmark's name under its group; longer than 12 characters, two lines at its first space
# (a group is ~140 units wide: "page-table write" would run into its neighbours)
function name_text(x, s,    sp) {
	if (length(s) <= 12 || (sp = index(s, " ")) == 0)
		return sprintf("<text x=\"%s\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", num(x), base + 26, esc(s))
	return sprintf("<text x=\"%s\" y=\"%d\" text-anchor=\"middle\">%s" \
		"<tspan x=\"%s\" dy=\"22\">%s</tspan></text>\n", num(x), base + 26,
		esc(substr(s, 1, sp - 1)), num(x), esc(substr(s, sp + 1)))
}

function axes(    e, yy, t) {
	printf "<g class=\"axis\" font-size=\"16\" fill=\"#1d2330\">\n"
	for (e = lo; e <= hi; e++) {
		yy = num(y(10 ^ e))
		t = e >= 0 ? sprintf("%d", 10 ^ e) : sprintf("%g", 10 ^ e)
		printf "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#d5dae1\"/>\n", left, yy, right, yy
		printf "<text x=\"%d\" y=\"%s\" text-anchor=\"end\" dy=\"0.35em\">%s</text>\n", left - 8, yy, t
	}
	printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4a5568\"/>\n", left, top, left, base
	printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4a5568\"/>\n", left, base, right, base
	printf "<text transform=\"translate(26 %s) rotate(-90)\" text-anchor=\"middle\" font-size=\"18\">%s</text>\n",
		num((top + base) / 2), axis
	printf "</g>\n"
}

function legend(    c, x) {
	printf "<g class=\"legend\" font-size=\"18\" fill=\"#1d2330\">\n"
	x = left
	for (c = 1; c <= ncfg; c++) {
		printf "<rect class=\"swatch\" x=\"%d\" y=\"14\" width=\"18\" height=\"18\" fill=\"%s\"/>\n", x, fill[cfg[c]]
		printf "<text x=\"%d\" y=\"29\">%s</text>\n", x + 26, label[cfg[c]]
		x += 26 + 11 * length(label[cfg[c]]) + 40
	}
	printf "</g>\n"
}

function group(i, x0,    c, x, v, yy) {
	printf "<g class=\"benchmark %s\">\n", esc(key[i])
	for (c = 1; c <= ncfg; c++) {
		x = x0 + (c - 1) * (barw + gap)
		v = val[i, cfg[c]]
		yy = y(v)
		printf "<rect class=\"bar %s\" x=\"%s\" y=\"%s\" width=\"%d\" height=\"%s\" fill=\"%s\">" \
			"<title>%s, %s: %s</title></rect>\n",
			cfg[c], num(x), num(yy), barw, num(base - yy), fill[cfg[c]], esc(name[i]), label[cfg[c]], v
		printf "<text class=\"value\" x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"14\">%s</text>\n",
			num(x + barw / 2), num(yy - 5), v
	}
	printf "%s</g>\n", name_text(x0 + (ncfg * barw + (ncfg - 1) * gap) / 2, name[i])
}

END {
	if (failed)
		exit 2
	if (FNR == 0) fail("empty, not a nanobench CSV")
	if (n == 0) fail("no benchmark rows (only the header, or only the loop row)")
	# whole decades around the values; the axis starts at 1, or lower for a figure below 1
	for (hi = 0; 10 ^ hi < max; hi++) ;
	for (lo = 0; 10 ^ lo > min; lo--) ;
	if (hi == lo) hi++
	printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\"" \
		" font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\">\n", W, H, W, H
	printf "<title>%s</title>\n", title
	axes()
	legend()
	step = (right - left) / n
	for (i = 1; i <= n; i++)
		group(i, left + (i - 1) * step + (step - ncfg * barw - (ncfg - 1) * gap) / 2)
	printf "</svg>\n"
}
