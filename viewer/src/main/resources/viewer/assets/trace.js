// A trace: the tree and its waterfall timeline, row for row in one virtualised list (only the
// rows in view are in the DOM), the selected log's detail, an as-of scrubber, and live updates.
'use strict';
(function () {
  const {el, clear, api, preloaded, duration, time, number, cost, name, judgmentText, problemText} = window.tv;
  const ROW = 24;          // px per row
  const OVERSCAN = 8;      // rows drawn beyond the viewport, above and below
  const body = document.body;
  const rowsBox = document.getElementById('rows');
  const spacer = document.getElementById('spacer');
  const detailBox = document.getElementById('detail');
  const problem = document.getElementById('problem');
  const filterBox = document.getElementById('filter');
  const slider = document.getElementById('as-of');
  const sliderLabel = document.getElementById('as-of-label');
  const liveBadge = document.getElementById('live');

  const state = {
    selected: body.dataset.logId,
    asOf: new URLSearchParams(location.search).get('as_of'),
    raw: new URLSearchParams(location.search).get('view') === 'raw',
    outline: null,
    nodes: new Map(),      // id -> {row, children: [], depth, open}
    visible: [],           // nodes in display order
    t0: 0, t1: 1,
    pool: [],
    details: new Map(),    // detail cache: key -> log
    source: null,
    connections: 0,
  };
  body.dataset.liveConnections = '0';

  const perf = name => { try { performance.mark(name); } catch (e) { /* marks are for the benchmark */ } };

  // ---- the outline ---------------------------------------------------------------------------
  async function load(keepScroll) {
    const asOf = state.asOf ? '?as_of=' + encodeURIComponent(state.asOf) : '';
    let outline;
    try {
      const path = '/ui/api/trace/' + encodeURIComponent(state.selected) + asOf;
      // the page's first outline was asked for by the page itself (a preload), while the scripts loaded
      outline = await (state.nodes.size === 0 && path === body.dataset.outline ? preloaded(path) : api(path));
    } catch (e) {
      return notFound(e);
    }
    const scroll = rowsBox.scrollTop;
    state.outline = outline;
    const open = new Map([...state.nodes].map(([id, n]) => [id, n.open]));
    state.nodes = new Map();
    for (const row of decode(outline)) state.nodes.set(row.id, node(row, open.has(row.id) ? open.get(row.id) : true));
    relink(true);
    draw();
    if (keepScroll) rowsBox.scrollTop = scroll; else reveal(state.selected);
    perf('tv-tree-ready');
    body.dataset.treeReady = 'true';
    if (!state.asOf) follow(outline);
    setupScrubber();
  }

  /**
   * The outline's compact rows ([id, parent, kind, path, status, start, end, logged, flags, tokens,
   * cost, judgments]: the parent as a row index, the path as an index into paths, times in µs after
   * t0) as row objects: s, e the start and end in ms (whole, as Date.parse gives them), l the time
   * logged in ms with its µs.
   */
  function decode(outline) {
    const rows = outline.rows, paths = outline.paths || [], t0 = outline.t0 || 0, out = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      out[i] = {id: r[0], parent: r[1], kind: r[2], path: r[3] === null ? null : paths[r[3]], status: r[4],
        s: r[5] === null ? null : Math.floor((t0 + r[5]) / 1000), e: r[6] === null ? null : Math.floor((t0 + r[6]) / 1000),
        l: r[7] === null ? null : (t0 + r[7]) / 1000, error: (r[8] & 1) === 1, erased: (r[8] & 2) === 2,
        tokens: r[9], cost: r[10], judgments: r[11] || []};
    }
    for (const row of out) if (typeof row.parent === 'number') row.parent = out[row.parent].id;
    return out;
  }

  /** An ISO instant in ms with its µs (Date.parse keeps only the ms). */
  function instantMs(text) {
    const fraction = /\.\d{3}(\d+)/.exec(text);
    return Date.parse(text) + (fraction ? Number('0.' + fraction[1]) : 0);
  }

  /** A tree node for a row; a live row (an object with ISO times) gets its times as numbers, parsed once. */
  function node(row, open) {
    if (row.s === undefined) {
      row.s = row.start ? Date.parse(row.start) : null;
      row.e = row.end ? Date.parse(row.end) : null;
      row.l = row.logged ? instantMs(row.logged) : null;
    }
    return {row, children: [], depth: 0, open};
  }

  const iso = ms => ms === null ? null : new Date(ms).toISOString();

  /**
   * The tree from the rows: children in the rows' (sibling) order — the server sends them so; rows
   * that arrived live are sorted in — and a row whose parent is missing hangs from the root.
   */
  function relink(inOrder) {
    for (const n of state.nodes.values()) n.children = [];
    const root = state.nodes.get(state.outline.root_id);
    for (const n of state.nodes.values()) {
      if (n === root) continue;
      const parent = n.row.parent && state.nodes.get(n.row.parent) || root;
      if (parent && parent !== n) parent.children.push(n);
    }
    if (!inOrder) for (const n of state.nodes.values()) if (n.children.length > 1) n.children.sort(siblingOrder);
    state.root = root;
  }

  function siblingOrder(a, b) {
    const sa = a.row.s !== null ? a.row.s : Infinity, sb = b.row.s !== null ? b.row.s : Infinity;
    if (sa !== sb) return sa - sb;
    const la = a.row.l !== null ? a.row.l : Infinity, lb = b.row.l !== null ? b.row.l : Infinity;
    if (la !== lb) return la < lb ? -1 : 1;
    return a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0;
  }

  function matches(n, text) {
    const r = n.row;
    return [r.path, r.kind, r.status, r.id, r.error ? 'error' : '', r.erased ? 'erased' : '']
      .some(v => v && String(v).toLowerCase().includes(text));
  }

  /** The rows to show: the open part of the tree, or (with a filter) the matching rows and their ancestors. */
  function computeVisible() {
    const text = filterBox.value.trim().toLowerCase();
    const out = [];
    if (!state.root) { state.visible = out; return; }
    let keep = null;
    if (text) {
      keep = new Set();
      for (const n of state.nodes.values()) {
        if (matches(n, text)) {
          for (let p = n; p && !keep.has(p.row.id); p = p.row.parent ? state.nodes.get(p.row.parent) : null) keep.add(p.row.id);
        }
      }
      keep.add(state.root.row.id);
    }
    const stack = [[state.root, 0]];
    while (stack.length) {
      const [n, depth] = stack.pop();
      if (keep && !keep.has(n.row.id)) continue;
      n.depth = depth;
      out.push(n);
      if (n.open || keep) for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i], depth + 1]);
    }
    state.visible = out;
  }

  function timeWindow() {
    let t0 = Infinity, t1 = -Infinity;
    const now = state.asOf ? Date.parse(state.asOf) : Date.now();
    for (const n of state.nodes.values()) {
      const s = n.row.s, e = n.row.e;
      if (s !== null) { t0 = Math.min(t0, s); t1 = Math.max(t1, e !== null ? e : Math.max(s, n.row.status === 'incomplete' ? now : s)); }
    }
    if (!isFinite(t0)) { t0 = 0; t1 = 1; }
    if (t1 <= t0) t1 = t0 + 1;
    state.t0 = t0; state.t1 = t1;
  }

  function draw() {
    computeVisible();
    timeWindow();
    spacer.style.height = (state.visible.length * ROW) + 'px';
    document.getElementById('row-count').textContent = state.visible.length + ' of ' + state.nodes.size + ' logs';
    drawTotals();
    drawAxis();
    paint();
  }

  function drawTotals() {
    const root = state.root ? state.root.row : null;
    let tokens = 0, spend = 0, errors = 0, judged = 0;
    for (const n of state.nodes.values()) {
      tokens += Number(n.row.tokens || 0); spend += Number(n.row.cost || 0);
      if (n.row.error) errors++;
      if (n.row.judgments && n.row.judgments.length) judged++;
    }
    const totals = clear(document.getElementById('totals'));
    const add = (label, value, id) => { totals.appendChild(el('dt', {text: label})); totals.appendChild(el('dd', {id, text: value})); };
    add('Duration', root && root.s !== null && root.e !== null ? duration(root.e - root.s) : root && root.status === 'incomplete' ? 'running' : '', 'total-duration');
    add('Logs', number(state.nodes.size), 'total-logs');
    add('Tokens', number(tokens), 'total-tokens');
    add('Cost', cost(spend), 'total-cost');
    add('Errors', number(errors), 'total-errors');
    add('Judged', number(judged), 'total-judged');
    const title = document.getElementById('trace-title');
    clear(title);
    if (root) {
      title.appendChild(el('span', {class: 'kind kind-' + root.kind, text: root.kind}));
      title.appendChild(document.createTextNode(' ' + (root.path || root.id) + ' '));
      title.appendChild(el('span', {class: 'status status-' + (root.status || 'none'), id: 'trace-status', text: root.status || 'no status'}));
      document.title = name(root.path) + ' · Tracevault';
    }
  }

  function drawAxis() {
    const axis = clear(document.getElementById('axis'));
    const span = state.t1 - state.t0;
    for (const f of [0, 0.25, 0.5, 0.75]) {
      const tick = el('span', {class: 'tick', text: duration(span * f)});
      tick.style.left = (f * 100) + '%';
      axis.appendChild(tick);
    }
    axis.appendChild(el('span', {class: 'tick end', text: duration(span)}));
  }

  /** Draws the rows in view into a small pool of row elements. */
  function paint() {
    const first = Math.max(0, Math.floor(rowsBox.scrollTop / ROW) - OVERSCAN);
    const last = Math.min(state.visible.length, Math.ceil((rowsBox.scrollTop + rowsBox.clientHeight) / ROW) + OVERSCAN);
    const needed = last - first;
    while (state.pool.length < needed) {
      const row = el('div', {class: 'row', role: 'treeitem'});
      row.addEventListener('click', rowClick);
      rowsBox.appendChild(row);
      state.pool.push(row);
    }
    state.pool.forEach((row, i) => {
      const index = first + i;
      if (index >= last) { row.hidden = true; row.dataset.id = ''; return; }
      row.hidden = false;
      fill(row, state.visible[index], index);
    });
  }

  function fill(rowEl, n, index) {
    const r = n.row;
    rowEl.style.transform = 'translateY(' + (index * ROW) + 'px)';
    if (rowEl.dataset.id === r.id && rowEl.dataset.version === version(n)) {
      rowEl.classList.toggle('selected', r.id === state.selected);
      return;
    }
    rowEl.dataset.id = r.id;
    rowEl.dataset.version = version(n);
    rowEl.className = 'row' + (r.id === state.selected ? ' selected' : '') + (r.erased ? ' erased' : '') + (r.error ? ' failed' : '');
    rowEl.setAttribute('aria-level', String(n.depth + 1));
    rowEl.setAttribute('aria-selected', String(r.id === state.selected));
    clear(rowEl);
    const tree = el('span', {class: 'cell-tree'});
    tree.style.paddingLeft = (4 + n.depth * 14) + 'px';
    tree.appendChild(el('span', {class: 'toggle', text: n.children.length ? (n.open ? '▾' : '▸') : ''}));
    tree.appendChild(el('span', {class: 'kind kind-' + r.kind, text: r.kind[0].toUpperCase()}));
    tree.appendChild(el('span', {class: 'row-name', text: r.erased ? '(erased)' : name(r.path), title: r.path || ''}));
    if (r.status === 'incomplete') tree.appendChild(el('span', {class: 'status status-incomplete', text: '…'}));
    if (r.error) tree.appendChild(el('span', {class: 'status status-error', text: '!'}));
    for (const j of r.judgments || []) {
      tree.appendChild(el('span', {class: 'mark' + (j.error ? ' mark-error' : j.value === false ? ' mark-false' : j.value === true ? ' mark-true' : ''),
        title: (j.evaluator || '') + ': ' + (j.error ? 'error' : judgmentText(j.value)), text: j.error ? '⚠' : judgmentText(j.value).slice(0, 12)}));
    }
    const start = r.s, end = r.e;
    tree.appendChild(el('span', {class: 'row-duration', text: start !== null && end !== null ? duration(end - start) : ''}));
    const timeline = el('span', {class: 'cell-time'});
    if (start !== null) {
      const stop = end !== null ? end : state.t1;
      const bar = el('span', {class: 'bar bar-' + r.kind + (end === null ? ' running' : '') + (r.error ? ' failed' : '')});
      const span = state.t1 - state.t0;
      bar.style.left = ((start - state.t0) / span * 100) + '%';
      bar.style.width = Math.max(0.2, (stop - start) / span * 100) + '%';
      timeline.appendChild(bar);
    }
    rowEl.appendChild(tree);
    rowEl.appendChild(timeline);
  }

  const version = n => [n.depth, n.open ? 1 : 0, n.children.length, state.t0, state.t1, n.row.status, n.row.e, n.row.s,
    (n.row.judgments || []).length, JSON.stringify(n.row.judgments || []), n.row.erased, n.row.error].join('|');

  function rowClick(event) {
    const id = event.currentTarget.dataset.id;
    const n = state.nodes.get(id);
    if (!n) return;
    if (event.target.classList.contains('toggle') && n.children.length) { n.open = !n.open; draw(); return; }
    select(id);
  }

  // ---- selection, keys, URL ------------------------------------------------------------------
  function select(id, fromHistory) {
    if (!state.nodes.has(id)) return;
    state.selected = id;
    if (!fromHistory) {
      const params = new URLSearchParams();
      if (state.asOf) params.set('as_of', state.asOf);
      if (state.raw) params.set('view', 'raw');
      history.replaceState(null, '', '/ui/logs/' + encodeURIComponent(id) + (params.toString() ? '?' + params : ''));
    }
    paint();
    reveal(id, true);
    showDetail();
  }

  /** Scrolls the row into view, opening its ancestors first. */
  function reveal(id, onlyIfHidden) {
    let n = state.nodes.get(id);
    if (!n) return;
    let changed = false;
    for (let p = n.row.parent ? state.nodes.get(n.row.parent) : null; p; p = p.row.parent ? state.nodes.get(p.row.parent) : null) {
      if (!p.open) { p.open = true; changed = true; }
    }
    if (changed) draw();
    const index = state.visible.indexOf(n);
    if (index < 0) return;
    const top = index * ROW;
    if (onlyIfHidden && top >= rowsBox.scrollTop && top + ROW <= rowsBox.scrollTop + rowsBox.clientHeight) return;
    rowsBox.scrollTop = Math.max(0, top - rowsBox.clientHeight / 3);
    paint();
  }

  rowsBox.addEventListener('scroll', () => paint(), {passive: true});
  rowsBox.addEventListener('keydown', event => {
    const n = state.nodes.get(state.selected);
    const index = n ? state.visible.indexOf(n) : -1;
    const key = event.key;
    let target = null;
    if (key === 'ArrowDown' || key === 'j') target = state.visible[Math.min(state.visible.length - 1, index + 1)];
    else if (key === 'ArrowUp' || key === 'k') target = state.visible[Math.max(0, index - 1)];
    else if (key === 'Home') target = state.visible[0];
    else if (key === 'End') target = state.visible[state.visible.length - 1];
    else if (key === 'PageDown') target = state.visible[Math.min(state.visible.length - 1, index + Math.floor(rowsBox.clientHeight / ROW))];
    else if (key === 'PageUp') target = state.visible[Math.max(0, index - Math.floor(rowsBox.clientHeight / ROW))];
    else if ((key === 'ArrowRight' || key === 'l') && n) {
      if (n.children.length && !n.open) { n.open = true; draw(); } else if (n.children.length) target = n.children[0];
    } else if ((key === 'ArrowLeft' || key === 'h') && n) {
      if (n.children.length && n.open) { n.open = false; draw(); } else if (n.row.parent) target = state.nodes.get(n.row.parent);
    } else if ((key === 'Enter' || key === ' ') && n && n.children.length) { n.open = !n.open; draw(); }
    else return;
    event.preventDefault();
    if (target) select(target.row.id);
  });
  let filterTimer = null;
  filterBox.addEventListener('input', () => { clearTimeout(filterTimer); filterTimer = setTimeout(() => { draw(); reveal(state.selected, true); }, 120); });

  // ---- the detail ----------------------------------------------------------------------------
  let detailToken = 0;
  async function showDetail(refresh) {
    const id = state.selected;
    const key = id + '@' + (state.asOf || 'now');
    const token = ++detailToken;
    const n = state.nodes.get(id);
    if (n && n.row.erased) {
      // a tombstone: its row holds all that is left
      window.tv.detail.render(detailBox, {id, erased: true, trace_id: state.outline.trace_id, trace_parent_id: n.row.parent,
        start_time: iso(n.row.s), end_time: iso(n.row.e), log_status: n.row.status, [n.row.kind]: {path: n.row.path}}, {});
      perf('tv-detail-ready');
      return;
    }
    let log = refresh ? null : state.details.get(key);
    if (!log) {
      if (!state.details.has(key)) detailBox.classList.add('loading');
      try {
        log = await api('/ui/api/logs/' + encodeURIComponent(id) + (state.asOf ? '?as_of=' + encodeURIComponent(state.asOf) : ''));
      } catch (e) {
        if (token !== detailToken) return;
        detailBox.classList.remove('loading');
        clear(detailBox).appendChild(el('p', {class: 'problem', text: e.status === 404 && state.asOf
          ? 'This log did not exist yet at ' + time(state.asOf) + '.' : problemText(e)}));
        return;
      }
      state.details.set(key, log);
      if (state.details.size > 200) state.details.delete(state.details.keys().next().value);
    }
    if (token !== detailToken) return;
    const scroll = detailBox.scrollTop;
    detailBox.classList.remove('loading');
    window.tv.detail.render(detailBox, log, {raw: state.raw, past: !!state.asOf,
      onToggleRaw: () => { state.raw = !state.raw; select(state.selected); },
      onJudged: () => { state.details.delete(key); showDetail(true); }});
    if (refresh) detailBox.scrollTop = scroll;
    detailBox.dataset.logId = id;
    perf('tv-detail-ready');
  }

  // ---- a log the trace does not hold (erased, or unknown) ---------------------------------------
  async function notFound(error) {
    if (error.status !== 404) { showProblem(problemText(error)); return; }
    try {
      const history = await api('/ui/api/logs/' + encodeURIComponent(state.selected) + '/history');
      if (history.erased) {
        clear(detailBox).appendChild(window.tv.detail.tombstone.renderFromHistory(state.selected, history));
        document.getElementById('trace-title').textContent = 'Erased log';
        body.dataset.treeReady = 'true';
        return;
      }
    } catch (e) { /* no history either: an unknown log */ }
    showProblem(state.asOf ? 'This trace did not exist yet at ' + time(state.asOf) + '.' : 'No log ' + state.selected + ' here.');
  }

  function showProblem(text) { problem.hidden = false; problem.textContent = text; body.dataset.treeReady = 'true'; }

  // ---- as of: the trace as it was -------------------------------------------------------------
  function lifetime() {
    let first = Infinity, lastSeen = -Infinity;
    for (const n of state.nodes.values()) {
      for (const v of [n.row.l !== null ? Math.floor(n.row.l) : null, n.row.s, n.row.e]) {
        if (v !== null) { first = Math.min(first, v); lastSeen = Math.max(lastSeen, v); }
      }
    }
    const incomplete = [...state.nodes.values()].some(n => n.row.status === 'incomplete');
    return {first, last: Math.max(lastSeen, incomplete || state.asOf ? Date.now() : lastSeen)};
  }

  function setupScrubber() {
    if (state.scrubberLife && state.asOf) return; // keep the span the live trace had
    const life = lifetime();
    if (!isFinite(life.first)) return;
    state.scrubberLife = life;
    slider.min = String(life.first);
    slider.max = String(Math.max(life.last, life.first + 1));
    slider.step = '1';
    slider.value = state.asOf ? String(Date.parse(state.asOf)) : slider.max;
    sliderLabel.textContent = state.asOf ? time(state.asOf) : 'now';
    document.getElementById('now').disabled = !state.asOf;
  }

  slider.addEventListener('input', () => { sliderLabel.textContent = time(new Date(Number(slider.value)).toISOString()); });
  slider.addEventListener('change', () => {
    const value = Number(slider.value);
    goTo(value >= Number(slider.max) ? null : new Date(value).toISOString());
  });
  document.getElementById('now').addEventListener('click', () => goTo(null));

  function goTo(asOf) {
    state.asOf = asOf;
    const params = new URLSearchParams();
    if (asOf) params.set('as_of', asOf);
    if (state.raw) params.set('view', 'raw');
    history.replaceState(null, '', '/ui/logs/' + encodeURIComponent(state.selected) + (params.toString() ? '?' + params : ''));
    body.dataset.asOf = asOf || '';
    if (asOf) stopFollowing(); else liveBadge.textContent = '';
    problem.hidden = true;
    load(true).then(() => showDetail());
  }

  // ---- live: server-sent events from the position the outline was read at ---------------------
  function follow(outline) {
    if (state.source) return;
    const traceId = outline.trace_id || outline.root_id;
    const source = new EventSource('/ui/api/traces/' + encodeURIComponent(traceId) + '/live?from=' + encodeURIComponent(outline.position));
    state.source = source;
    source.addEventListener('open', () => {
      state.connections++;
      body.dataset.liveConnections = String(state.connections);
      liveBadge.textContent = 'live';
      liveBadge.className = 'live on';
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        liveBadge.textContent = 'offline';
        liveBadge.className = 'live off';
        state.source = null;
        // a refused reconnect (signed out): a data request shows the sign-in page
        api('/ui/api/trace/' + encodeURIComponent(state.selected)).catch(() => {});
      } else {
        liveBadge.textContent = 'reconnecting';
        liveBadge.className = 'live off';
      }
    });
    source.addEventListener('rows', event => apply(JSON.parse(event.data)));
    source.addEventListener('reset', () => { if (state.outline) load(true); });
  }

  function stopFollowing() {
    if (state.source) { state.source.close(); state.source = null; }
    liveBadge.textContent = 'as of';
    liveBadge.className = 'live past';
  }

  /** Changed rows replace their old selves; new ones join their parent; removed ones leave. */
  function apply(change) {
    if (state.asOf) return;
    let selectedChanged = false;
    for (const row of change.rows) {
      const known = state.nodes.get(row.id);
      if (known) known.row = node(row, known.open).row; else state.nodes.set(row.id, node(row, true));
      if (row.id === state.selected) selectedChanged = true;
    }
    for (const id of change.removed) {
      if (state.nodes.has(id) && id !== state.outline.root_id) state.nodes.delete(id);
      if (id === state.selected) selectedChanged = true;
    }
    const scroll = rowsBox.scrollTop;
    relink(false);
    draw();
    rowsBox.scrollTop = scroll;
    paint();
    body.dataset.liveUpdates = String(Number(body.dataset.liveUpdates || 0) + 1);
    if (selectedChanged) {
      state.details.delete(state.selected + '@now');
      if (state.nodes.has(state.selected)) showDetail(true);
      else clear(detailBox).appendChild(el('p', {class: 'problem', text: 'This log left the trace (erased).'}));
    }
    if (state.scrubberLife) { state.scrubberLife = null; setupScrubber(); }
  }

  body.dataset.asOf = state.asOf || '';
  perf('tv-start');
  load(false).then(() => { if (state.nodes.has(state.selected)) showDetail(); });
})();
