// A log's history: every event, who caused it and when, and a field-by-field diff of two versions.
'use strict';
(function () {
  const {el, clear, api, time, problemText} = window.tv;
  const logId = document.body.dataset.logId;
  const eventsBody = document.querySelector('#events tbody');
  const diffBody = document.querySelector('#diff tbody');
  document.getElementById('back-to-trace').setAttribute('href', '/ui/logs/' + encodeURIComponent(logId));
  const versions = new Map();

  /** Every leaf of a JSON value by its path (a.b[2].c); trace children are not the log's own fields. */
  function flatten(value, path, out) {
    if (value !== null && typeof value === 'object') {
      const entries = Array.isArray(value) ? value.map((v, i) => ['[' + i + ']', v]) : Object.entries(value);
      if (!entries.length) out.set(path, Array.isArray(value) ? '[]' : '{}');
      for (const [key, v] of entries) {
        if (path === '' && key === 'trace_children') continue;
        flatten(v, path + (key.startsWith('[') || path === '' ? '' : '.') + key, out);
      }
    } else {
      out.set(path, JSON.stringify(value));
    }
    return out;
  }

  async function version(n) {
    if (!versions.has(n)) versions.set(n, api('/ui/api/logs/' + encodeURIComponent(logId) + '?version=' + n));
    return versions.get(n);
  }

  async function diff() {
    const a = document.querySelector('input[name=a]:checked'), b = document.querySelector('input[name=b]:checked');
    if (!a || !b) return;
    clear(diffBody);
    document.getElementById('diff-title').textContent = 'Diff: version ' + a.value + ' → ' + b.value;
    let left, right;
    try { [left, right] = await Promise.all([version(a.value), version(b.value)]); } catch (e) {
      diffBody.appendChild(el('tr', null, el('td', {colspan: 3, class: 'problem', text: problemText(e)})));
      return;
    }
    const fa = flatten(left, '', new Map()), fb = flatten(right, '', new Map());
    const keys = [...new Set([...fa.keys(), ...fb.keys()])].sort();
    let changed = 0;
    for (const key of keys) {
      if (fa.get(key) === fb.get(key)) continue;
      changed++;
      diffBody.appendChild(el('tr', {dataset: {field: key}}, el('td', null, el('code', {text: key})),
        el('td', {class: 'diff-a', text: fa.has(key) ? fa.get(key) : '(absent)'}),
        el('td', {class: 'diff-b', text: fb.has(key) ? fb.get(key) : '(absent)'})));
    }
    if (!changed) diffBody.appendChild(el('tr', null, el('td', {colspan: 3, class: 'muted', text: 'No field differs.'})));
    document.body.dataset.diffReady = a.value + '-' + b.value;
  }

  async function load() {
    let history;
    try { history = await api('/ui/api/logs/' + encodeURIComponent(logId) + '/history'); } catch (e) {
      eventsBody.appendChild(el('tr', null, el('td', {colspan: 8, class: 'problem', text: problemText(e)})));
      return;
    }
    document.getElementById('erased-banner').hidden = !history.erased;
    const events = history.events;
    events.forEach((e, i) => {
      const who = e.api_key ? e.api_key.name + ' (' + e.api_key.id + ')' : e.actor || 'system';
      const changes = JSON.stringify(e.changes);
      eventsBody.appendChild(el('tr', {dataset: {sequence: e.sequence}},
        el('td', null, el('input', {type: 'radio', name: 'a', value: e.sequence, checked: i === events.length - 2 || events.length === 1, 'aria-label': 'A'})),
        el('td', null, el('input', {type: 'radio', name: 'b', value: e.sequence, checked: i === events.length - 1, 'aria-label': 'B'})),
        el('td', {text: e.sequence}),
        el('td', null, el('b', {text: e.type})),
        el('td', {text: time(e.timestamp)}),
        el('td', {text: who}),
        el('td', {class: 'changes'}, window.tv.append ? el('code', {text: changes && changes.length > 300 ? changes.slice(0, 300) + '…' : changes}) : null),
        el('td', null, history.erased ? null : el('a', {href: '/ui/logs/' + encodeURIComponent(logId) + '?as_of=' + encodeURIComponent(e.timestamp), text: 'as of'}))));
    });
    document.querySelectorAll('input[type=radio]').forEach(r => r.addEventListener('change', diff));
    document.body.dataset.historyReady = 'true';
    if (!history.erased) diff();
  }
  load();
})();
