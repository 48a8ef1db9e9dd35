-- deck-labs.lua: a pandoc filter that marks every "Lab N" of a deck as <span class="lab">, and
-- links it to the lab's handout as soon as one exists (labs/labN.md or labs/labN-*.md), so the
-- slides never carry links by hand that go stale. slides.mk passes two metadata values:
--   handouts   the handout file names in labs/, separated by spaces ("lab4-te.md lab5-dev.md")
--   labs-href  the path from the rendered deck to labs/ ("../../labs")

local handouts = {}      -- lab number (string) -> handout file name
local labs_href = "labs"

local function read_meta(meta)
	if meta["labs-href"] then labs_href = pandoc.utils.stringify(meta["labs-href"]) end
	local names = meta.handouts and pandoc.utils.stringify(meta.handouts) or ""
	for name in names:gmatch("%S+") do
		local n = name:match("^lab(%d+)%.md$") or name:match("^lab(%d+)%-.*%.md$")
		if n then handouts[tostring(tonumber(n))] = name end
	end
end

-- the inlines for "Lab N": a span, holding a link when the handout exists
local function lab(n)
	local text = { pandoc.Str("Lab"), pandoc.Space(), pandoc.Str(n) }
	local file = handouts[tostring(tonumber(n))]
	if file then text = { pandoc.Link(text, labs_href .. "/" .. file) } end
	return pandoc.Span(text, pandoc.Attr("", { "lab" }))
end

-- "Lab" "4," (a Str, a Space, a Str) or "Lab\u{a0}4" (one Str), with punctuation around it
local function mark(inlines)
	local out = pandoc.List()
	local i = 1
	while i <= #inlines do
		local a, b, c = inlines[i], inlines[i + 1], inlines[i + 2]
		local done = false
		if a.t == "Str" then
			local pre, n, post = a.text:match("^(.-)Lab\u{a0}(%d+)(.*)$")
			if pre and not pre:match("%w$") then
				if pre ~= "" then out:insert(pandoc.Str(pre)) end
				out:insert(lab(n))
				if post ~= "" then out:insert(pandoc.Str(post)) end
				i, done = i + 1, true
			else
				pre = a.text:match("^(.-)Lab$")
				if pre and not pre:match("%w$") and b and b.t == "Space" and c and c.t == "Str" then
					n, post = c.text:match("^(%d+)(.*)$")
					if n then
						if pre ~= "" then out:insert(pandoc.Str(pre)) end
						out:insert(lab(n))
						if post ~= "" then out:insert(pandoc.Str(post)) end
						i, done = i + 3, true
					end
				end
			end
		end
		if not done then out:insert(a); i = i + 1 end
	end
	return out
end

return {
	{ Meta = read_meta },
	{ Inlines = mark },
}
