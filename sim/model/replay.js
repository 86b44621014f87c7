/* replay.js - the viewer of replay.html (sim/model/replay.c embeds it and
 * writes the data it reads; replay.h documents the event lines).
 *
 * It reads three blocks of the page: rp-meta (names, totals, what the
 * recording holds), rp-start (the state when the window opened) and
 * rp-events (one event a line).  A position is a count of events applied
 * to the start state; the slider picks a time and shows the state after
 * every event at or before it, the buttons move one event, one pass or
 * one offer at a time.  Going forward applies events; going back replays
 * from the start, which costs a few milliseconds at the size cap.
 * Hand-written, with no library, so that the page works offline and
 * stays small.
 */
(function () {
	'use strict';
	var meta = JSON.parse(document.getElementById('rp-meta').textContent);
	var NRES = meta.resources.length, NA = meta.agents.length, NF = meta.frameworks.length;
	var SCALE = meta.scale;
	var PAGE = 100;          /* agents per page of the table */
	var LISTED = 8;          /* waiting tasks listed per framework */
	var OFFERS = 200;        /* offers listed per pass */

	function lines(id) {
		var t = document.getElementById(id).textContent.split('\n'), out = [];
		for (var i = 0; i < t.length; i++)
			if (t[i].length)
				out.push(t[i].split(' '));
		return out;
	}
	function nums(a, from, n) {
		var v = [];
		for (var i = 0; i < n; i++)
			v.push(Number(a[from + i]));
		return v;
	}

	/* Events: {t, k, f: numbers after the kind}; a line "@T" gives the
	 * time of the lines after it. */
	var ev = [], now = 0;
	lines('rp-events').forEach(function (a) {
		if (a[0].charAt(0) === '@')
			now = Number(a[0].slice(1));
		else
			ev.push({t: now, k: a[0], f: nums(a, 1, a.length - 1)});
	});
	var N = ev.length;

	/* What never changes with the position: each offer's life, each
	 * pass's offers, the event index of every pass and offer. */
	var offers = new Map(), passOffers = new Map(), passIdx = [], offerIdx = [];
	var start = lines('rp-start'), startPass = 0;
	start.forEach(function (a) {
		if (a[0] === 'o') {
			var v = nums(a, 1, 5 + NRES);
			offers.set(v[0], {num: v[0], fw: v[1], agent: v[2], pass: v[3], made: v[4],
					  res: v.slice(5), madeIdx: -1, doneIdx: N, outcome: null});
		} else if (a[0] === 'n') {
			startPass = Number(a[1]);
		}
	});
	ev.forEach(function (e, i) {
		var o;
		if (e.k === 'P') {
			passIdx.push(i);
		} else if (e.k === 'O') {
			o = {num: e.f[0], fw: e.f[1], agent: e.f[2], pass: e.f[3], made: e.t,
			     res: e.f.slice(4), madeIdx: i, doneIdx: N, outcome: null};
			offers.set(o.num, o);
			if (!passOffers.has(o.pass))
				passOffers.set(o.pass, []);
			passOffers.get(o.pass).push(o.num);
			offerIdx.push(i);
		} else if (e.k === 'G') {
			o = offers.get(e.f[0]);
			if (o)
				o.res = o.res.map(function (x, r) { return x + e.f[1 + r]; });
		} else if ('ADRB'.indexOf(e.k) >= 0) {
			o = offers.get(e.f[0]);
			if (o) {
				o.doneIdx = i;
				o.outcome = e.k;
				o.launched = e.f[1];
				o.filter = e.f[2];
				o.returned = e.f.slice(3);
				o.done = e.t;
			}
		}
	});

	/* The state at a position. */
	var S;
	function zeros() {
		var v = [];
		for (var r = 0; r < NRES; r++)
			v.push(0);
		return v;
	}
	function reset() {
		S = {pos: 0, pass: startPass, present: [], used: [], offered: [], running: [],
		     alloc: [], waiting: [], wait: []};
		for (var a = 0; a < NA; a++) {
			S.present.push(1);
			S.used.push(zeros());
			S.offered.push(zeros());
			S.running.push(0);
		}
		for (var f = 0; f < NF; f++) {
			S.alloc.push(zeros());
			S.waiting.push(0);
			S.wait.push(new Map());
		}
		start.forEach(function (a) {
			var v;
			if (a[0] === 's') {
				v = nums(a, 1, 4 + NRES);
				add(S.used[v[1]], v.slice(4), 1);
				S.running[v[1]]++;
			} else if (a[0] === 'a') {
				v = nums(a, 1, 2 + NRES);
				S.present[v[0]] = v[1];
				S.offered[v[0]] = v.slice(2);
			} else if (a[0] === 'f') {
				v = nums(a, 1, 2 + NRES);
				S.waiting[v[0]] = v[1];
				S.alloc[v[0]] = v.slice(2);
			} else if (a[0] === 'w') {
				S.wait[Number(a[1])].set(a[2] + '.' + a[3], 1);
			}
		});
	}
	function add(dst, v, sign) {
		for (var r = 0; r < NRES; r++)
			dst[r] += sign * v[r];
	}
	function apply(e) {
		var f = e.f, o;
		switch (e.k) {
		case 'P':
			S.pass = f[0];
			break;
		case 'O':
			add(S.offered[f[2]], f.slice(4), 1);
			add(S.alloc[f[1]], f.slice(4), 1);
			break;
		case 'G':
			o = offers.get(f[0]);
			add(S.offered[o.agent], f.slice(1), 1);
			add(S.alloc[o.fw], f.slice(1), 1);
			break;
		case 'A': case 'D': case 'R': case 'B':
			o = offers.get(f[0]);
			add(S.offered[o.agent], f.slice(3), -1);
			add(S.alloc[o.fw], f.slice(3), -1);
			break;
		case 'S':
			add(S.used[f[1]], f.slice(4), 1);
			add(S.offered[f[1]], f.slice(4), -1);
			S.running[f[1]]++;
			break;
		case 'E':
			add(S.used[f[1]], f.slice(4), -1);
			add(S.alloc[f[0]], f.slice(4), -1);
			S.running[f[1]]--;
			break;
		case 'W':
			S.waiting[f[0]]++;
			S.wait[f[0]].set(f[1] + '.' + f[2], 1);
			break;
		case 'L':
			S.waiting[f[0]]--;
			S.wait[f[0]].delete(f[1] + '.' + f[2]);
			break;
		case 'J':
			S.present[f[0]] = 1;
			break;
		case 'K':
			S.present[f[0]] = 0;
			break;
		}
	}
	function seekPos(p) {
		p = Math.max(0, Math.min(N, p));
		if (p < S.pos)
			reset();
		while (S.pos < p)
			apply(ev[S.pos++]);
	}
	/* Events at or before time t. */
	function posAt(t) {
		var lo = 0, hi = N;
		while (lo < hi) {
			var m = (lo + hi) >> 1;
			if (ev[m].t <= t)
				lo = m + 1;
			else
				hi = m;
		}
		return lo;
	}

	/* Text. */
	function sec(t) {
		return (t / 1e6).toFixed(3) + ' s';
	}
	function q(v) {
		var s = (v / SCALE).toFixed(3);
		return s.replace(/\.?0+$/, '') || '0';
	}
	function vec(v) {
		return '<' + meta.resources.map(function (n, r) { return n + ' ' + q(v[r]); }).join(', ') + '>';
	}
	function el(tag, attrs, text) {
		var e = document.createElement(tag);
		for (var k in attrs)
			e.setAttribute(k, attrs[k]);
		if (text !== undefined)
			e.textContent = text;
		return e;
	}
	function fwName(i) { return meta.frameworks[i]; }
	function agName(i) { return meta.agents[i][0]; }
	var OUT = {A: 'accepted', D: 'declined', R: 'rescinded', B: 'given back'};
	function describe(e) {
		var f = e.f, o;
		switch (e.k) {
		case 'P': return 'allocation pass ' + f[0];
		case 'O': return 'offer ' + f[0] + ': agent ' + agName(f[2]) + ' ' + vec(f.slice(4)) + ' -> ' + fwName(f[1]);
		case 'G': return 'offer ' + f[0] + ' grows by ' + vec(f.slice(1));
		case 'A': case 'D': case 'R': case 'B':
			o = offers.get(f[0]);
			return fwName(o.fw) + ': offer ' + f[0] + ' ' + OUT[e.k] + ' (' + f[1] + ' task' + (f[1] === 1 ? '' : 's') + ')' +
				(f[2] > 0 ? ', filter ' + (f[2] / 1e6) + ' s on ' + vec(f.slice(3)) : '');
		case 'S': return fwName(f[0]) + ' starts job ' + f[2] + ' task ' + f[3] + ' on ' + agName(f[1]) + ' ' + vec(f.slice(4));
		case 'E': return fwName(f[0]) + ': job ' + f[2] + ' task ' + f[3] + ' stops on ' + agName(f[1]);
		case 'W': return fwName(f[0]) + ' queues job ' + f[1] + ' task ' + f[2];
		case 'L': return fwName(f[0]) + ' takes job ' + f[1] + ' task ' + f[2] + ' off its queue';
		case 'J': return 'agent ' + agName(f[0]) + ' joins';
		case 'K': return 'agent ' + agName(f[0]) + ' leaves';
		}
		return e.k;
	}

	/* The page. */
	var body = document.body;
	body.appendChild(el('h1', {}, 'Replay: ' + meta.name));
	var t0 = meta.opened_at, t1 = N ? ev[N - 1].t : t0;
	var note = 'Recorded ' + N + ' event' + (N === 1 ? '' : 's') + ' from ' + sec(t0) + ' to ' + sec(t1) +
		'; the run ends at ' + sec(meta.run_end) + '.';
	body.appendChild(el('p', {'class': 'rp-note', id: 'rp-what'}, note));
	var left = [];
	/* What is left out is counted in the simulator's events (each
	 * arrival, pass, answer or task end is one), as summary.json
	 * counts them. */
	if (meta.before > 0)
		left.push('the recording starts at ' + sec(t0) + ' (metrics.replay_from): the ' + meta.before +
			  ' simulator events before it are not shown, the page starts from the state at that time');
	if (meta.cut)
		left.push('the first instant alone has more events than the cap of ' + meta.max_events +
			  ' (metrics.replay_max_events): the recording stops inside it, after its first ' + meta.events +
			  ' events, and the rest of the run (' + meta.after + ' simulator events, to ' + sec(meta.run_end) + ') is left out');
	else if (meta.capped)
		left.push('the recording stops at the cap of ' + meta.max_events + ' events (metrics.replay_max_events): the run from ' +
			  sec(meta.first_left_out) + ' to its end at ' + sec(meta.run_end) + ' (' + meta.after + ' simulator events) is left out');
	else if (meta.first_left_out >= 0)
		left.push('the recording ends at ' + sec(meta.to) + ' (metrics.replay_to): the run from ' + sec(meta.first_left_out) +
			  ' to its end at ' + sec(meta.run_end) + ' (' + meta.after + ' simulator events) is left out');
	if (meta.stopped)
		left.push('the run itself was stopped early (' + meta.stopped + ') at ' + sec(meta.run_end));
	if (left.length)
		body.appendChild(el('p', {'class': 'rp-warn', id: 'rp-left-out'}, 'Not the whole run: ' + left.join('; ') + '.'));

	var ctl = el('div', {id: 'rp-controls'});
	body.appendChild(ctl);
	var buttons = [
		['rp-first', '|< start'], ['rp-prev-pass', '<< pass'], ['rp-prev-offer', '< offer'],
		['rp-prev-event', '< event'], ['rp-next-event', 'event >'], ['rp-next-offer', 'offer >'],
		['rp-next-pass', 'pass >>'], ['rp-last-btn', 'end >|']];
	var B = {};
	buttons.forEach(function (b) {
		B[b[0]] = ctl.appendChild(el('button', {id: b[0], type: 'button'}, b[1]));
	});
	var slider = el('input', {id: 'rp-slider', type: 'range', min: String(t0), max: String(t1), step: 'any',
				  value: String(t0), 'aria-label': 'time'});
	ctl.appendChild(slider);
	var status = ctl.appendChild(el('div'));
	status.appendChild(document.createTextNode('time '));
	var timeEl = status.appendChild(el('span', {id: 'rp-time'}));
	status.appendChild(document.createTextNode('  '));
	var posEl = status.appendChild(el('span', {id: 'rp-pos', 'class': 'rp-note'}));
	var lastEl = ctl.appendChild(el('div', {id: 'rp-last'}));

	/* Frameworks and the pass first: a few rows, above the agents'
	 * table, which may be long. */
	body.appendChild(el('h2', {}, 'Frameworks'));
	var fwTable = body.appendChild(el('table', {id: 'rp-frameworks'}));
	var passHead = body.appendChild(el('h2', {id: 'rp-pass-head'}));
	var passNote = body.appendChild(el('p', {'class': 'rp-note', id: 'rp-pass-note'}));
	var passTable = body.appendChild(el('table', {id: 'rp-offers'}));
	var agBox = body.appendChild(el('div'));
	agBox.appendChild(el('h2', {}, 'Agents'));
	var key = agBox.appendChild(el('div', {'class': 'rp-key rp-note'}));
	key.appendChild(el('span', {'class': 'rp-used'}));
	key.appendChild(document.createTextNode('used by running tasks'));
	key.appendChild(el('span', {'class': 'rp-offered'}));
	key.appendChild(document.createTextNode('offered'));
	key.appendChild(el('span', {style: 'background:#e8e8e8'}));
	key.appendChild(document.createTextNode('free'));
	var pageSel = null, page = 0;
	if (NA > PAGE) {
		var pp = agBox.appendChild(el('p', {'class': 'rp-note'}, 'agents '));
		pageSel = pp.appendChild(el('select', {id: 'rp-page'}));
		for (var g = 0; g * PAGE < NA; g++)
			pageSel.appendChild(el('option', {value: String(g)},
				(g * PAGE + 1) + '-' + Math.min(NA, (g + 1) * PAGE) + ' of ' + NA));
		pageSel.addEventListener('change', function () { page = Number(pageSel.value); show(); });
	}
	var agTable = agBox.appendChild(el('table', {id: 'rp-agents'}));

	function row(table, cells, attrs, head) {
		var tr = el('tr', attrs || {});
		cells.forEach(function (c, i) {
			var td = el(head ? 'th' : 'td', i === 0 || (c && c.cls) ? {'class': (c && c.cls) || 'rp-name'} : {});
			if (c && c.node)
				td.appendChild(c.node);
			else
				td.textContent = c && c.text !== undefined ? c.text : c;
			tr.appendChild(td);
		});
		table.appendChild(tr);
		return tr;
	}
	function bar(used, offered, total) {
		var b = el('span', {'class': 'rp-bar'});
		var u = total > 0 ? 100 * used / total : 0, o = total > 0 ? 100 * offered / total : 0;
		b.appendChild(el('span', {'class': 'rp-used', style: 'left:0;width:' + u.toFixed(1) + '%'}));
		b.appendChild(el('span', {'class': 'rp-offered', style: 'left:' + u.toFixed(1) + '%;width:' + o.toFixed(1) + '%'}));
		return {node: b, cls: 'rp-name'};
	}
	function share(f) {
		var tot = zeros(), s = 0;
		for (var a = 0; a < NA; a++)
			if (S.present[a])
				for (var r = 0; r < NRES; r++)
					tot[r] += meta.agents[a][1 + r];
		for (var k = 0; k < NRES; k++)
			if (tot[k] > 0)
				s = Math.max(s, S.alloc[f][k] / tot[k]);
		return s;
	}

	function showAgents() {
		agTable.textContent = '';
		var head = ['agent', 'tasks'];
		meta.resources.forEach(function (n) { head.push(n + ' used', 'offered', 'free', ''); });
		row(agTable, head, {}, true);
		var tu = zeros(), to = zeros(), tt = zeros(), tr = 0;
		for (var a = 0; a < NA; a++) {
			if (!S.present[a])
				continue;
			add(tu, S.used[a], 1);
			add(to, S.offered[a], 1);
			add(tt, meta.agents[a].slice(1), 1);
			tr += S.running[a];
		}
		function cells(name, n, u, o, t) {
			var c = [name, String(n)];
			for (var r = 0; r < NRES; r++)
				c.push(q(u[r]), q(o[r]), q(t[r] - u[r] - o[r]), bar(u[r], o[r], t[r]));
			return c;
		}
		function data(u, o, t) {
			return {'data-used': u.join(' '), 'data-offered': o.join(' '),
				'data-free': t.map(function (x, r) { return x - u[r] - o[r]; }).join(' ')};
		}
		var at = data(tu, to, tt);
		at.id = 'rp-totals';
		at['data-tasks'] = String(tr);
		row(agTable, cells('all present', tr, tu, to, tt), at);
		for (var i = page * PAGE; i < Math.min(NA, (page + 1) * PAGE); i++) {
			var tot = meta.agents[i].slice(1);
			var d = data(S.used[i], S.offered[i], tot);
			d['class'] = 'rp-agent' + (S.present[i] ? '' : ' rp-absent');
			d['data-agent'] = agName(i);
			d['data-tasks'] = String(S.running[i]);
			row(agTable, cells(agName(i) + (S.present[i] ? '' : ' (absent)'), S.running[i], S.used[i], S.offered[i], tot), d);
		}
	}
	function showFrameworks() {
		fwTable.textContent = '';
		row(fwTable, ['framework', 'waiting', 'dominant share', 'allocated (offered + used)', {text: 'waiting tasks (job.task)', cls: 'rp-waiting'}], {}, true);
		for (var f = 0; f < NF; f++) {
			var known = [], it = S.wait[f].keys(), x;
			while (known.length < LISTED && !(x = it.next()).done)
				known.push(x.value);
			var more = S.waiting[f] - known.length;
			var s = share(f);
			row(fwTable, [fwName(f), String(S.waiting[f]), s.toFixed(3), vec(S.alloc[f]),
				      {text: known.join(' ') + (more > 0 ? ' and ' + more + ' more' : ''), cls: 'rp-waiting'}],
			    {'class': 'rp-fw', 'data-fw': fwName(f), 'data-waiting': String(S.waiting[f]),
			     'data-share': s.toFixed(6)});
		}
	}
	function showPass() {
		passTable.textContent = '';
		passNote.textContent = '';
		var list = (passOffers.get(S.pass) || []).filter(function (n) {
			return offers.get(n).madeIdx < S.pos;     /* not made later in this instant */
		});
		passHead.textContent = S.pass > 0 ? 'Offers of allocation pass ' + S.pass + ' (' + list.length + ')' : 'No allocation pass yet';
		if (!list.length)
			return;
		if (list.length > OFFERS)
			passNote.textContent = 'the first ' + OFFERS + ' of ' + list.length + ' offers';
		row(passTable, ['offer', {text: 'agent', cls: 'rp-name'}, {text: 'framework', cls: 'rp-name'},
				'offered', 'answer', 'tasks', {text: 'filter created', cls: 'rp-name'}], {}, true);
		list.slice(0, OFFERS).forEach(function (n) {
			var o = offers.get(n);
			var done = o.doneIdx < S.pos, cls = !done ? 'rp-pending' : o.outcome === 'A' ? 'rp-accepted' : 'rp-declined';
			var filt = !done ? '' : o.filter > 0 ? (o.filter / 1e6) + ' s on ' + vec(o.returned) : 'none';
			row(passTable, [String(n), {text: agName(o.agent), cls: 'rp-name'},
					{text: fwName(o.fw), cls: 'rp-name'}, vec(o.res),
					{text: done ? OUT[o.outcome] + ' at ' + sec(o.done) : 'not answered yet', cls: cls},
					done ? String(o.launched) : '', {text: filt, cls: 'rp-name'}],
			    {'class': 'rp-offer', 'data-offer': String(n), 'data-outcome': done ? o.outcome : ''});
		});
	}
	function show() {
		var t = S.pos > 0 ? ev[S.pos - 1].t : t0;
		timeEl.textContent = sec(t);
		posEl.textContent = 'after event ' + S.pos + ' of ' + N;
		lastEl.textContent = S.pos > 0 ? 'last event: ' + describe(ev[S.pos - 1]) : 'the state when the recording starts';
		document.body.setAttribute('data-pos', String(S.pos));
		showAgents();
		showFrameworks();
		showPass();
	}
	function go(p, keepSlider) {
		seekPos(p);
		if (!keepSlider)
			slider.value = String(S.pos > 0 ? ev[S.pos - 1].t : t0);
		show();
	}
	/* The first index in idx greater than (dir > 0) or less than p. */
	function nextIn(idx, p, dir) {
		var i;
		if (dir > 0) {
			for (i = 0; i < idx.length; i++)
				if (idx[i] >= p)
					return idx[i];
			return -1;
		}
		for (i = idx.length - 1; i >= 0; i--)
			if (idx[i] < p)
				return idx[i];
		return -1;
	}
	/* A pass is shown after its offers are made: past the P line and
	 * the O and G lines that follow it. */
	function afterPass(i) {
		i++;
		while (i < N && (ev[i].k === 'O' || ev[i].k === 'G'))
			i++;
		return i;
	}
	slider.addEventListener('input', function () {
		go(posAt(Number(slider.value)), true);
	});
	B['rp-first'].onclick = function () { go(0); };
	B['rp-last-btn'].onclick = function () { go(N); };
	B['rp-next-event'].onclick = function () { go(S.pos + 1); };
	B['rp-prev-event'].onclick = function () { go(S.pos - 1); };
	B['rp-next-offer'].onclick = function () {
		var i = nextIn(offerIdx, S.pos, 1);
		if (i >= 0)
			go(i + 1);
	};
	B['rp-prev-offer'].onclick = function () {
		var i = nextIn(offerIdx, S.pos - 1, -1);
		go(i >= 0 ? i + 1 : 0);
	};
	B['rp-next-pass'].onclick = function () {
		var i = nextIn(passIdx, S.pos, 1);
		if (i >= 0)
			go(afterPass(i));
	};
	B['rp-prev-pass'].onclick = function () {
		/* The pass before the one shown (the one whose P line is
		 * before the position). */
		var cur = nextIn(passIdx, S.pos, -1);
		var i = cur >= 0 ? nextIn(passIdx, cur, -1) : -1;
		go(i >= 0 ? afterPass(i) : 0);
	};
	/* replay.html#t=SECONDS opens at that instant (after its events),
	 * replay.html#pass=N at pass N with its offers made, not answered. */
	function fromHash() {
		var m = /^#t=([0-9.]+)$/.exec(location.hash);
		if (m) {
			var t = Math.round(Number(m[1]) * 1e6);
			slider.value = String(t);
			go(posAt(t), true);
			return true;
		}
		m = /^#pass=([0-9]+)$/.exec(location.hash);
		for (var i = 0; m && i < passIdx.length; i++)
			if (ev[passIdx[i]].f[0] === Number(m[1])) {
				go(afterPass(passIdx[i]));
				return true;
			}
		return false;
	}
	window.addEventListener('hashchange', fromHash);
	reset();
	if (!fromHash())
		go(0);
})();
