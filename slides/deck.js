// deck.js: shows a deck one slide at a time. No libraries, no network; embedded by pandoc.
//
// Keys: Right/Space/PageDown next, Left/PageUp previous, Home/End first/last,
//       N speaker notes under the slide, P presenter window (notes, next slide, clock),
//       F full screen. The address ends in #N (slide N, from 1) or #id (a slide's id);
//       ?notes opens it with the notes shown (print it so for a handout with notes).
// The presenter window is this file opened again with ?presenter; the two windows keep
// each other on the same slide with postMessage (works from file:// too).
(function () {
	'use strict';

	var W = 1280, H = 720;                      // the slide box of deck.css
	var deck = document.getElementById('deck');
	var slides = Array.prototype.slice.call(document.querySelectorAll('section.slide'));
	var presenter = /(^|[?&])presenter\b/.test(location.search);
	var partner = null;                          // the other window (presenter <-> audience)
	var current = -1;
	var started = Date.now();

	var panel = document.createElement('div');
	panel.id = 'notes-panel';
	document.body.appendChild(panel);
	var bar = document.createElement('div');
	bar.id = 'presenter-bar';
	document.body.appendChild(bar);

	slides.forEach(function (s, i) {
		s.setAttribute('data-n', (i + 1) + ' / ' + slides.length);
		s.setAttribute('data-deck', deck.getAttribute('data-short-title') || '');
	});

	function clamp(i) { return Math.max(0, Math.min(slides.length - 1, i)); }

	// "#12" is slide 12 (counting from 1); "#vmcs" is the slide whose id is vmcs
	function indexFromHash() {
		var h = decodeURIComponent(location.hash.replace(/^#/, ''));
		if (/^[0-9]+$/.test(h)) return clamp(parseInt(h, 10) - 1);
		for (var i = 0; i < slides.length; i++) if (slides[i].id === h) return i;
		return 0;
	}

	// place a slide box at (x, y) scaled to width w (in window pixels)
	function place(s, x, y, w, h) {
		var k = Math.min(w / W, h / H);
		var dx = x + (w - W * k) / 2, dy = y + (h - H * k) / 2;
		s.style.transform = 'translate(' + dx + 'px,' + dy + 'px) scale(' + k + ')';
	}

	function layout() {
		var vw = window.innerWidth, vh = window.innerHeight;
		var cur = slides[current], nxt = slides[current + 1];
		var notesMode = document.body.classList.contains('notes-mode');
		panel.style.display = bar.style.display = 'none';
		if (presenter) {
			place(cur, 10, 10, vw * 0.62 - 20, vh * 0.62 - 20);
			if (nxt) place(nxt, vw * 0.62, 10, vw * 0.38 - 10, vh * 0.36);
			setBox(bar, vw * 0.62, vh * 0.38 + 20, vw * 0.38 - 10, vh * 0.24 - 30);
			setBox(panel, 0, vh * 0.62, vw, vh * 0.38);
			panel.style.display = bar.style.display = 'block';
		} else if (notesMode) {
			place(cur, 0, 0, vw, vh * 0.66);
			setBox(panel, 0, vh * 0.66, vw, vh * 0.34);
			panel.style.display = 'block';
		} else {
			place(cur, 0, 0, vw, vh);
		}
	}

	function setBox(el, x, y, w, h) {
		el.style.left = x + 'px'; el.style.top = y + 'px';
		el.style.width = w + 'px'; el.style.height = h + 'px';
	}

	function show(i, fromPartner) {
		i = clamp(i);
		slides.forEach(function (s) { s.classList.remove('current', 'next'); });
		current = i;
		slides[i].classList.add('current');
		if (presenter && slides[i + 1]) slides[i + 1].classList.add('next');
		var notes = slides[i].querySelector('.notes');
		panel.innerHTML = notes ? notes.innerHTML : '';
		panel.scrollTop = 0;
		layout();
		if (location.hash !== '#' + (i + 1)) {
			try { history.replaceState(null, '', '#' + (i + 1)); } catch (e) { /* file:// quirks */ }
		}
		if (presenter) tick();
		if (partner && !fromPartner) {
			try { partner.postMessage({ deckSlide: i }, '*'); } catch (e) { partner = null; }
		}
	}

	function tick() {
		var s = Math.floor((Date.now() - started) / 1000);
		var mm = String(Math.floor(s / 60)).padStart(2, '0'), ss = String(s % 60).padStart(2, '0');
		bar.innerHTML = '<div class="clock">' + mm + ':' + ss + '</div>' +
			'<div>' + (current + 1) + ' / ' + slides.length + '</div>';
	}

	document.addEventListener('keydown', function (e) {
		if (e.altKey || e.ctrlKey || e.metaKey) return;
		switch (e.key) {
		case 'ArrowRight': case 'ArrowDown': case 'PageDown': case ' ': case 'Enter':
			show(current + 1); break;
		case 'ArrowLeft': case 'ArrowUp': case 'PageUp': case 'Backspace':
			show(current - 1); break;
		case 'Home': show(0); break;
		case 'End': show(slides.length - 1); break;
		case 'n': case 'N':
			document.body.classList.toggle('notes-mode'); layout(); break;
		case 'p': case 'P':
			if (!presenter) {
				partner = window.open(location.pathname + '?presenter#' + (current + 1), 'deck-presenter');
			}
			break;
		case 'f': case 'F':
			if (document.fullscreenElement) document.exitFullscreen();
			else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
			break;
		default: return;
		}
		e.preventDefault();
	});

	window.addEventListener('message', function (e) {
		if (e.data && typeof e.data.deckSlide === 'number') {
			partner = e.source;
			show(e.data.deckSlide, true);
		}
	});
	window.addEventListener('hashchange', function () { show(indexFromHash()); });
	window.addEventListener('resize', layout);

	// ?check: mark every slide whose content runs into the footer or out of its box with
	// data-overflow="bottom,right" (in slide pixels). For authors: load the deck with ?check
	// in headless Chromium with --dump-dom, and look for data-overflow in what it prints.
	if (/(^|[?&])check\b/.test(location.search)) {
		slides.forEach(function (s) {
			s.classList.add('current');
			var box = s.getBoundingClientRect(), k = box.width / W, bottom = 0, right = 0;
			Array.prototype.forEach.call(s.children, function (c) {
				if (c.classList.contains('notes')) return;
				var r = c.getBoundingClientRect();
				bottom = Math.max(bottom, (r.bottom - box.top) / k);
				right = Math.max(right, (r.right - box.left) / k);
			});
			if (bottom > H - 46 || right > W - 40 || s.scrollWidth > s.clientWidth + 1)
				s.setAttribute('data-overflow', Math.round(bottom) + ',' + Math.round(right));
			s.classList.remove('current');
		});
	}

	if (/(^|[?&])notes\b/.test(location.search)) document.body.classList.add('notes-mode');
	if (presenter) {
		document.body.classList.add('presenter');
		partner = window.opener;
		if (partner) partner.postMessage({ deckSlide: indexFromHash() }, '*');
		tick();
		setInterval(tick, 1000);
	}
	show(indexFromHash(), true);
})();
