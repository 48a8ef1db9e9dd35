-- links.lua: a pandoc filter for the handouts: a link to another handout (labN-x.md,
-- INSTRUCTORS.md) points to its rendered page (.html) next to this one.
function Link(el)
	if not el.target:match("^%a+:") then
		el.target = el.target:gsub("^([%w%-]+)%.md(#?.*)$", "%1.html%2")
	end
	return el
end
