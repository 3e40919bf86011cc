// A file's analytics as charts (uPlot, from the jar).
'use strict';
(function () {
  const {el, clear, api, number, cost, problemText} = window.tv;
  const body = document.body;
  const fileId = body.dataset.fileId, kind = body.dataset.kind;
  const rangeForm = document.getElementById('range');
  const charts = [];
  let attempts = 0;
  document.getElementById('file-logs').setAttribute('href', '/ui/?file_id=' + encodeURIComponent(fileId));

  function chart(target, series, data, format) {
    const box = document.getElementById(target);
    clear(box);
    const width = Math.max(320, box.clientWidth || 500);
    const plot = new uPlot({
      width, height: 220,
      series: [{}].concat(series.map((s, i) => ({label: s, stroke: ['#3b5bdb', '#f08c00', '#c92a2a', '#12b886', '#ae3ec9', '#495057'][i % 6],
        width: 2, spanGaps: true, value: (u, v) => v === null || v === undefined ? '–' : format(v)}))),
      axes: [{}, {values: (u, values) => values.map(v => format(v)), size: 70}],
      scales: {x: {time: true}},
    }, data, box);
    charts.push(plot);
    box.dataset.points = String(data[0].length);
  }

  async function load() {
    charts.splice(0).forEach(c => c.destroy());
    const days = new FormData(rangeForm).get('days') || '1';
    let stats;
    try {
      stats = await api('/ui/api/files/' + encodeURIComponent(kind) + '/' + encodeURIComponent(fileId) + '/stats?days=' + days);
    } catch (e) {
      // the analytics follow the logs asynchronously: a file logged a moment ago may not be there yet
      const waiting = e.status === 404 && ++attempts < 30;
      document.getElementById('stats-summary').textContent = waiting ? 'No analytics for this file yet; looking again…' : problemText(e);
      if (waiting) setTimeout(run, 1000);
      return;
    }
    attempts = 0;
    const files = await api('/ui/api/files?kind=' + encodeURIComponent(kind)).catch(() => ({records: []}));
    const file = files.records.find(f => f.id === fileId);
    if (file) { document.getElementById('file-title').textContent = file.path; document.title = file.path + ' · Tracevault'; }
    const series = stats.series;
    const x = series.map(s => Date.parse(s.start) / 1000);
    const pick = (f) => series.map(s => { const v = f(s); return v === null || v === undefined ? null : Number(v); });
    const t = stats.totals;
    document.getElementById('stats-summary').textContent = number(t.logs) + ' logs, ' + number(t.errors) + ' errors, '
      + 'p95 ' + (t.duration_ms.p95 === null ? '–' : Math.round(t.duration_ms.p95) + ' ms') + ', ' + cost(t.cost.total)
      + ', ' + number(t.tokens.prompt + t.tokens.output) + ' tokens (' + stats.bucket + 'ly)';
    const ms = v => Math.round(v) + ' ms';
    chart('chart-latency', ['p50', 'p95', 'p99'], [x, pick(s => s.duration_ms.p50), pick(s => s.duration_ms.p95), pick(s => s.duration_ms.p99)], ms);
    chart('chart-errors', ['error rate'], [x, pick(s => s.error_rate)], v => (v * 100).toFixed(1) + ' %');
    chart('chart-cost', ['cost'], [x, pick(s => s.cost.total)], v => cost(v));
    chart('chart-tokens', ['prompt', 'output'], [x, pick(s => s.tokens.prompt), pick(s => s.tokens.output)], v => number(Math.round(v)));
    const evaluators = t.evaluators || [];
    if (evaluators.length) {
      const lines = evaluators.map(e => series.map(s => {
        const found = (s.evaluators || []).find(x => x.evaluator_version_id === e.evaluator_version_id);
        if (!found) return null;
        return found.true_rate !== undefined ? found.true_rate : found.mean !== undefined ? found.mean : found.count;
      }));
      chart('chart-evaluators', evaluators.map(e => e.evaluator_id + ' (' + e.return_type + ')'), [x].concat(lines), v => Number(v).toFixed(2));
    } else {
      clear(document.getElementById('chart-evaluators')).appendChild(el('p', {class: 'muted', text: 'No judgments in this range.'}));
    }
    body.dataset.chartsReady = 'true';
  }

  const run = () => load().catch(e => {
    document.getElementById('stats-summary').textContent = problemText(e);
    console.error(e);
  });
  rangeForm.addEventListener('change', run);
  run();
})();
