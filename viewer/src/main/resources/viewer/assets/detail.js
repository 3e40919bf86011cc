// One log's detail: what it holds, shown as text; long values folded until asked for.
'use strict';
(function () {
  const {el, clear, duration, time, number, cost, name, bytes, judgmentText, markdown} = window.tv;
  /** Strings longer than this are shown folded, with a button that shows them whole. */
  const FOLD = 2000;
  /** Past this, a value opened whole is shown as plain text (no markdown). */
  const PLAIN = 100000;
  const KINDS = ['flow', 'prompt', 'tool', 'evaluator'];

  // ---- erased logs: the one place that decides and draws a tombstone --------------------------
  const tombstone = {
    /** An erased log: the API keeps its shape and marks it; its content fields are null. */
    is: log => !!log && log.erased === true,
    /** The shape that stays: ids, kind, file, trace links, times, status. */
    render(log, file) {
      return el('div', {class: 'tombstone', id: 'tombstone'},
        el('h2', {text: 'Erased'}),
        el('p', {text: 'This log was erased: its content is gone for good. What stays is its shape.'}),
        facts([['Id', log.id], ['Kind', kindOf(log)], ['File', file ? file.path : ''], ['Trace', log.trace_id],
          ['Parent', log.trace_parent_id], ['Start', time(log.start_time)], ['End', time(log.end_time)],
          ['Status', log.log_status]]),
        el('p', null, el('a', {href: '/ui/logs/' + encodeURIComponent(log.id) + '/history', id: 'tombstone-history', text: 'History'})));
    },
    /** A log the read model no longer has, known only from its history. */
    renderFromHistory(logId, history) {
      const erasure = history.events.find(e => e.type === 'LogErased');
      return el('div', {class: 'tombstone', id: 'tombstone'},
        el('h2', {text: 'Erased'}),
        el('p', {text: 'This log was erased: its content is gone for good.'}),
        facts([['Id', logId], ['Events', history.events.length], ['Erased at', erasure ? time(erasure.timestamp) : ''],
          ['Erased by', erasure && erasure.api_key ? erasure.api_key.name : '']]),
        el('p', null, el('a', {href: '/ui/logs/' + encodeURIComponent(logId) + '/history', id: 'tombstone-history', text: 'History'})));
    }
  };

  const kindOf = log => KINDS.find(k => log[k] && typeof log[k] === 'object') || (log.judgment !== undefined ? 'evaluator' : 'log');

  function facts(pairs) {
    const dl = el('dl', {class: 'facts'});
    for (const [label, value] of pairs) {
      if (value === null || value === undefined || value === '') continue;
      dl.appendChild(el('dt', {text: label}));
      dl.appendChild(el('dd', null, value));
    }
    return dl;
  }

  /** A string, folded past FOLD characters; {@code rich} renders it as markdown. */
  function longText(text, rich) {
    const s = String(text);
    const whole = () => rich && s.length <= PLAIN ? markdown(s) : el('pre', {class: 'text', text: s});
    if (s.length <= FOLD) return whole();
    const box = el('div', {class: 'folded'});
    box.appendChild(el('pre', {class: 'text', text: s.slice(0, FOLD) + '…'}));
    box.appendChild(el('button', {type: 'button', class: 'unfold', text: 'Show all (' + bytes(new Blob([s]).size) + ')',
      onclick: () => { clear(box); box.appendChild(whole()); }}));
    return box;
  }

  /** Any JSON value as a tree: objects and arrays fold (native details), long strings fold. */
  function jsonTree(value, depth) {
    depth = depth || 0;
    if (value === null || value === undefined) return el('span', {class: 'j-null', text: 'null'});
    if (typeof value === 'boolean') return el('span', {class: 'j-bool', text: String(value)});
    if (typeof value === 'number') return el('span', {class: 'j-num', text: String(value)});
    if (typeof value === 'string') {
      return value.length > FOLD ? longText(value, false) : el('span', {class: 'j-str', text: JSON.stringify(value)});
    }
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    const details = el('details', {class: 'j-node', open: depth < 2 && entries.length <= 30});
    details.appendChild(el('summary', {text: Array.isArray(value) ? '[' + entries.length + ']' : '{' + entries.length + '}'}));
    const list = el('ul', {class: 'j-list'});
    const limit = 200;
    const show = (from, to) => {
      for (const [key, v] of entries.slice(from, to)) {
        list.appendChild(el('li', null, el('span', {class: 'j-key', text: String(key)}), ': ', jsonTree(v, depth + 1)));
      }
    };
    show(0, limit);
    if (entries.length > limit) {
      const more = el('li', null, el('button', {type: 'button', class: 'unfold', text: 'Show ' + (entries.length - limit) + ' more',
        onclick: () => { more.remove(); show(limit, entries.length); }}));
      list.appendChild(more);
    }
    details.appendChild(list);
    return details;
  }

  /** A chat message: its role, its content (markdown), its tool calls and what a tool answered. */
  function message(m) {
    if (!m || typeof m !== 'object') return jsonTree(m);
    const role = typeof m.role === 'string' ? m.role : 'message';
    const box = el('div', {class: 'msg role-' + role.replace(/[^a-z_]/gi, '')});
    const head = el('div', {class: 'msg-head'}, el('b', {text: role}));
    if (m.name) head.appendChild(el('span', {class: 'muted', text: ' ' + m.name}));
    if (m.tool_call_id) head.appendChild(el('span', {class: 'muted', text: ' result of ' + m.tool_call_id}));
    box.appendChild(head);
    const content = m.content;
    if (typeof content === 'string') box.appendChild(longText(content, true));
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part && part.type === 'text') box.appendChild(longText(part.text || '', true));
        else if (part && part.type === 'image_url') {
          const url = part.image_url && part.image_url.url;
          box.appendChild(el('p', {class: 'muted', text: 'image: ' + (typeof url === 'string' && url.length > 200 ? url.slice(0, 200) + '…' : url)}));
        } else box.appendChild(jsonTree(part));
      }
    } else if (content !== null && content !== undefined) box.appendChild(jsonTree(content));
    for (const call of Array.isArray(m.tool_calls) ? m.tool_calls : []) {
      const fn = call && call.function ? call.function : {};
      let args = fn.arguments;
      try { if (typeof args === 'string') args = JSON.parse(args); } catch (e) { /* shown as text */ }
      box.appendChild(el('div', {class: 'tool-call'}, el('span', {class: 'muted', text: 'calls '}),
        el('code', {text: String(fn.name || '?')}), el('span', {class: 'muted', text: call.id ? ' (' + call.id + ')' : ''}), jsonTree(args)));
    }
    return box;
  }

  function section(title, ...content) {
    return el('section', {class: 'part', dataset: {part: title.toLowerCase().replace(/\W+/g, '-')}}, el('h3', {text: title}), ...content);
  }

  const PARAMETERS = ['model', 'provider', 'endpoint', 'temperature', 'max_tokens', 'top_p', 'stop', 'presence_penalty',
    'frequency_penalty', 'seed', 'response_format', 'reasoning_effort', 'tools'];

  /** The human evaluators monitoring the log's file, each as a small form that records a judgment. */
  function judgeForms(log, file, options) {
    const monitors = (file && Array.isArray(file.evaluators) ? file.evaluators : [])
      .filter(m => m && m.state === 'active' && m.version && m.version.spec && m.version.spec.evaluator_type === 'human');
    return monitors.map(m => {
      const evaluator = m.version;
      const spec = evaluator.spec;
      const form = el('form', {class: 'judge', dataset: {evaluator: evaluator.path || evaluator.id}});
      form.appendChild(el('span', {class: 'judge-name', text: name(evaluator.path) + ': '}));
      const status = el('span', {class: 'muted judge-status'});
      const send = async judgment => {
        status.textContent = 'saving…';
        try {
          await window.tv.post('/ui/api/evaluators/log', {parent_id: log.id, id: evaluator.id, judgment});
          status.textContent = 'recorded';
          if (options.onJudged) options.onJudged();
        } catch (e) {
          status.textContent = window.tv.problemText(e);
          status.classList.add('problem');
        }
      };
      const disabled = !!options.past;
      const type = spec.return_type;
      const choices = Array.isArray(spec.options) ? spec.options.map(o => o && o.name).filter(Boolean) : [];
      if (type === 'boolean') {
        form.appendChild(el('button', {type: 'button', class: 'judge-true', disabled, text: '✓ yes', onclick: () => send(true)}));
        form.appendChild(el('button', {type: 'button', class: 'judge-false', disabled, text: '✗ no', onclick: () => send(false)}));
      } else if (type === 'select' || type === 'multi_select') {
        const select = el('select', {multiple: type === 'multi_select', disabled});
        choices.forEach(c => select.appendChild(el('option', {value: c, text: c})));
        form.appendChild(select);
        form.appendChild(el('button', {type: 'submit', disabled, text: 'Record'}));
        form.addEventListener('submit', e => { e.preventDefault();
          const chosen = Array.from(select.selectedOptions).map(o => o.value);
          send(type === 'select' ? chosen[0] : chosen); });
      } else {
        const input = type === 'number' ? el('input', {type: 'number', step: 'any', disabled}) : el('input', {type: 'text', disabled});
        form.appendChild(input);
        form.appendChild(el('button', {type: 'submit', disabled, text: 'Record'}));
        form.addEventListener('submit', e => { e.preventDefault(); send(type === 'number' ? Number(input.value) : input.value); });
      }
      form.appendChild(status);
      return form;
    });
  }

  /**
   * Draws {@code log} (as the API returns it, without trace children) into {@code container}.
   * options: {raw: bool, past: bool (as of an earlier moment), onJudged, onToggleRaw}.
   */
  function render(container, log, options) {
    options = options || {};
    clear(container);
    const kind = kindOf(log);
    const file = log[kind];
    if (tombstone.is(log)) { container.appendChild(tombstone.render(log, file)); return; }
    const start = window.tv.ms(log.start_time), end = window.tv.ms(log.end_time);
    const head = el('div', {class: 'detail-head'},
      el('span', {class: 'kind kind-' + kind, text: kind}), ' ',
      el('b', {class: 'detail-name', text: name(file && file.path)}), ' ',
      el('span', {class: 'status status-' + (log.log_status || 'none'), text: log.log_status || 'no status'}), ' ',
      log.error ? el('span', {class: 'status status-error', text: 'error'}) : null,
      el('span', {class: 'grow'}),
      el('a', {href: '/ui/logs/' + encodeURIComponent(log.id) + '/history', id: 'history-link', text: 'History'}), ' ',
      el('button', {type: 'button', id: 'raw-toggle', text: options.raw ? 'Pretty' : 'Raw JSON', onclick: () => options.onToggleRaw && options.onToggleRaw()}));
    container.appendChild(head);
    container.appendChild(el('div', {class: 'muted path', text: file && file.path ? file.path : ''}));
    if (options.raw) {
      container.appendChild(longText(JSON.stringify(log, null, 2), false));
      return;
    }
    const tokens = [log.prompt_tokens, log.output_tokens, log.reasoning_tokens];
    const costs = [log.prompt_cost, log.output_cost].filter(c => c !== null && c !== undefined).map(Number);
    container.appendChild(facts([
      ['Id', el('code', {text: log.id})],
      ['Start', time(log.start_time)], ['End', time(log.end_time)],
      ['Duration', start !== null && end !== null ? duration(end - start) : ''],
      ['Created', time(log.created_at)],
      ['Tokens', tokens.some(t => t !== null && t !== undefined)
        ? 'prompt ' + number(log.prompt_tokens || 0) + ' · output ' + number(log.output_tokens || 0)
          + (log.reasoning_tokens ? ' · reasoning ' + number(log.reasoning_tokens) : '') : ''],
      ['Cost', costs.length ? cost(costs.reduce((a, b) => a + b, 0)) + ' (prompt ' + cost(log.prompt_cost || 0) + ', output ' + cost(log.output_cost || 0) + ')' : ''],
      ['Latency', log.provider_latency !== null && log.provider_latency !== undefined ? log.provider_latency + ' s (provider)' : ''],
      ['Finish', log.finish_reason], ['Source', log.source], ['User', log.user], ['Environment', log.environment],
      ['Judgment', log.judgment !== undefined ? judgmentText(log.judgment) : '']]));
    if (file && kind === 'prompt') {
      const parameters = {};
      PARAMETERS.forEach(p => { if (file[p] !== undefined && file[p] !== null) parameters[p] = file[p]; });
      if (Object.keys(parameters).length) container.appendChild(section('Model and parameters', jsonTree(parameters)));
    }
    const judgments = Array.isArray(log.evaluator_logs) ? log.evaluator_logs : [];
    const forms = judgeForms(log, file, options);
    if (judgments.length || forms.length) {
      const list = el('ul', {class: 'judgments'});
      for (const j of judgments) {
        const evaluator = j.evaluator || {};
        list.appendChild(el('li', {class: j.error ? 'problem' : ''},
          el('b', {text: name(evaluator.path)}), ': ',
          el('span', {class: 'judgment', text: j.error ? 'error' : judgmentText(j.judgment)}),
          el('span', {class: 'muted', text: ' ' + time(j.created_at)}),
          j.error ? longText(j.error, false) : null));
      }
      container.appendChild(section('Judgments', list, ...forms));
    }
    if (log.error) container.appendChild(section('Error', longText(log.error, false)));
    if (log.inputs !== null && log.inputs !== undefined) container.appendChild(section('Inputs', jsonTree(log.inputs)));
    if (Array.isArray(log.messages) && log.messages.length) container.appendChild(section('Messages', el('div', {class: 'chat'}, log.messages.map(message))));
    if (log.output !== null && log.output !== undefined) container.appendChild(section('Output', longText(log.output, true)));
    if (log.output_message) container.appendChild(section('Output message', el('div', {class: 'chat'}, message(log.output_message))));
    if (log.metadata !== null && log.metadata !== undefined) container.appendChild(section('Metadata', jsonTree(log.metadata)));
    if (log.stdout) container.appendChild(section('Stdout', longText(log.stdout, false)));
    if (log.provider_request) container.appendChild(section('Provider request', jsonTree(log.provider_request, 2)));
    if (log.provider_response) container.appendChild(section('Provider response', jsonTree(log.provider_response, 2)));
  }

  window.tv.detail = {render, tombstone, jsonTree, message, longText, kindOf};
})();
