// Find logs: files, then a file's logs with the listing's filters; new logs appear while the page is open.
'use strict';
(function () {
  const {el, clear, api, duration, time, number, cost, name, judgmentText, problemText} = window.tv;
  const params = new URLSearchParams(location.search);
  const filesBody = document.querySelector('#files tbody');
  const logsBody = document.querySelector('#logs tbody');
  const form = document.getElementById('filters');
  const summary = document.getElementById('listing-summary');
  const SIZE = 25;
  const POLL = 3000;
  let files = [];
  let shown = new Set();

  // ---- files -----------------------------------------------------------------------------------
  async function loadFiles() {
    const nameFilter = document.getElementById('file-name').value;
    try {
      const answer = await api('/ui/api/files' + (nameFilter ? '?name=' + encodeURIComponent(nameFilter) : ''));
      files = answer.records;
    } catch (e) { summary.textContent = problemText(e); return; }
    clear(filesBody);
    for (const f of files) {
      const link = '/ui/?file_id=' + encodeURIComponent(f.id);
      filesBody.appendChild(el('tr', {class: 'clickable', dataset: {fileId: f.id}, onclick: () => location.assign(link)},
        el('td', null, el('a', {href: link, text: f.path})),
        el('td', null, el('span', {class: 'kind kind-' + f.type, text: f.type})),
        el('td', {text: number(f.total_logs_count !== undefined ? f.total_logs_count : f.version_logs_count)}),
        el('td', {text: time(f.last_used_at)}),
        el('td', null, f.type !== 'evaluator' ? el('a', {href: '/ui/files/' + f.type + '/' + encodeURIComponent(f.id), text: 'analytics',
          onclick: e => e.stopPropagation()}) : null)));
    }
    if (!files.length) filesBody.appendChild(el('tr', null, el('td', {colspan: 5, class: 'muted', text: 'No files yet: log something through the API.'})));
  }
  let nameTimer = null;
  document.getElementById('file-name').addEventListener('input', () => { clearTimeout(nameTimer); nameTimer = setTimeout(loadFiles, 200); });
  document.getElementById('file-search').addEventListener('submit', e => e.preventDefault());

  // ---- one file's logs -------------------------------------------------------------------------
  const fileId = params.get('file_id');
  function query(page) {
    const q = new URLSearchParams({file_id: fileId, page: String(page), size: String(SIZE)});
    for (const [key, value] of new FormData(form)) {
      if (!value) continue;
      q.set(key, key.endsWith('_date') ? new Date(value + 'Z').toISOString() : value);
    }
    return q;
  }

  function judgments(record) {
    const latest = new Map();
    for (const j of record.evaluator_logs || []) latest.set((j.evaluator || {}).path, j);
    return [...latest.entries()].map(([path, j]) => name(path) + ' ' + (j.error ? '⚠' : judgmentText(j.judgment))).join(', ');
  }

  function row(record, fresh) {
    const kind = window.tv.detail ? window.tv.detail.kindOf(record) : ['flow', 'prompt', 'tool', 'evaluator'].find(k => record[k]);
    const file = record[kind] || {};
    const start = window.tv.ms(record.start_time), end = window.tv.ms(record.end_time);
    const tokens = ['prompt_tokens', 'output_tokens', 'reasoning_tokens'].map(k => record[k]).filter(v => v !== null && v !== undefined);
    const costs = ['prompt_cost', 'output_cost'].map(k => record[k]).filter(v => v !== null && v !== undefined).map(Number);
    const link = '/ui/logs/' + encodeURIComponent(record.id);
    return el('tr', {class: 'clickable' + (fresh ? ' new' : ''), dataset: {logId: record.id}, onclick: () => location.assign(link)},
      el('td', null, el('a', {href: link, text: name(file.path)})),
      el('td', null, el('span', {class: 'status status-' + (record.log_status || 'none'), text: record.log_status || '–'}),
        record.error ? el('span', {class: 'status status-error', text: ' error'}) : null),
      el('td', {text: time(record.start_time || record.created_at)}),
      el('td', {text: start !== null && end !== null ? duration(end - start) : ''}),
      el('td', {text: tokens.length ? number(tokens.reduce((a, b) => a + Number(b), 0)) : ''}),
      el('td', {text: costs.length ? cost(costs.reduce((a, b) => a + b, 0)) : ''}),
      el('td', {text: judgments(record)}),
      el('td', null, el('code', {text: record.id})));
  }

  let page = Number(params.get('page') || 1);
  let total = 0;
  async function loadLogs(poll) {
    let answer;
    try {
      answer = await api('/ui/api/logs?' + query(page));
    } catch (e) { summary.textContent = problemText(e); return; }
    total = answer.total;
    if (poll) {
      // newest first on the first page: logs that arrived since are added on top
      const fresh = answer.records.filter(r => !shown.has(r.id));
      if (!fresh.length) return;
      for (const r of fresh.reverse()) { logsBody.insertBefore(row(r, true), logsBody.firstChild); shown.add(r.id); }
      while (logsBody.children.length > SIZE) logsBody.removeChild(logsBody.lastChild);
    } else {
      clear(logsBody);
      shown = new Set();
      for (const r of answer.records) { logsBody.appendChild(row(r, false)); shown.add(r.id); }
      if (!answer.records.length) logsBody.appendChild(el('tr', null, el('td', {colspan: 8, class: 'muted', text: 'No logs match.'})));
    }
    summary.textContent = number(total) + ' logs';
    document.getElementById('page').textContent = 'page ' + page + ' of ' + Math.max(1, Math.ceil(total / SIZE));
    document.getElementById('prev').disabled = page <= 1;
    document.getElementById('next').disabled = page * SIZE >= total;
    document.body.dataset.listed = String(Number(document.body.dataset.listed || 0) + 1);
  }

  if (fileId) {
    document.getElementById('files-section').hidden = true;
    document.getElementById('logs-section').hidden = false;
    for (const [key, value] of params) {
      const input = form.elements.namedItem(key);
      if (input && key !== 'page') input.value = key.endsWith('_date') ? value.replace(/Z$/, '').slice(0, 16) : value;
    }
    // the evaluators a judgment filter can name (the one in the URL kept even before they are listed)
    const judgedBy = document.getElementById('judged-by');
    if (params.get('judged_by')) judgedBy.appendChild(el('option', {value: params.get('judged_by'), text: params.get('judged_by'), selected: true}));
    api('/ui/api/files?kind=evaluator').then(answer => {
      for (const f of answer.records) {
        const known = [...judgedBy.options].find(o => o.value === f.id);
        if (known) known.textContent = f.path; else judgedBy.appendChild(el('option', {value: f.id, text: f.path}));
      }
      judgedBy.dataset.loaded = 'true';
    }).catch(() => {});
    api('/ui/api/files').then(answer => {
      const file = answer.records.find(f => f.id === fileId);
      document.getElementById('file-title').textContent = file ? file.path : fileId;
      const stats = document.getElementById('file-stats-link');
      if (file && file.type !== 'evaluator') stats.setAttribute('href', '/ui/files/' + file.type + '/' + encodeURIComponent(file.id));
      else stats.hidden = true;
    }).catch(() => {});
    // the URL holds the filters, the sort and the page, so a link shows the same listing
    function show(newPage) {
      page = newPage;
      const q = query(page);
      q.delete('size');
      if (page === 1) q.delete('page');
      history.replaceState(null, '', '/ui/?' + q);
      markSort();
      loadLogs(false);
    }
    // a column header sorts by its column, largest first; a second click turns the order round
    function markSort() {
      const sort = form.elements.namedItem('sort').value, order = form.elements.namedItem('order').value;
      for (const b of document.querySelectorAll('#logs th button.sort')) {
        if (b.dataset.sort === sort) b.dataset.direction = order; else delete b.dataset.direction;
      }
    }
    for (const b of document.querySelectorAll('#logs th button.sort')) {
      b.addEventListener('click', () => {
        const sort = form.elements.namedItem('sort'), order = form.elements.namedItem('order');
        order.value = sort.value === b.dataset.sort && order.value === 'desc' ? 'asc' : 'desc';
        sort.value = b.dataset.sort;
        show(1);
      });
    }
    form.addEventListener('submit', e => { e.preventDefault(); show(1); });
    document.getElementById('prev').addEventListener('click', () => show(page - 1));
    document.getElementById('next').addEventListener('click', () => show(page + 1));
    markSort();
    document.getElementById('back-to-files').addEventListener('click', () => location.assign('/ui/'));
    loadLogs(false);
    setInterval(() => {
      // only the newest first by time logged has new logs on top of its first page
      const newestFirst = (form.elements.namedItem('order').value || 'desc') === 'desc'
        && (form.elements.namedItem('sort').value || 'created_at') === 'created_at';
      if (page === 1 && newestFirst && !document.hidden) loadLogs(true);
    }, POLL);
  } else {
    loadFiles();
  }
})();
