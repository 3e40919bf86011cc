// Tracevault viewer: what every page shares. Everything a log holds is untrusted: it is only ever
// put into the page as text (textContent, text nodes, attribute values through the DOM), never as
// markup; links are kept only for http(s) and mailto. The page's policy enforces the rest (no inline
// script, Trusted Types for HTML sinks).
'use strict';
(function () {
  const meta = name => { const m = document.querySelector('meta[name="' + name + '"]'); return m ? m.content : null; };

  /** An element: el('a', {class: 'x', href: url, text: 'label'}, child, 'text', ...). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === 'text') node.textContent = String(value);
        else if (key === 'class') node.className = value;
        else if (key === 'href') { const safe = safeUrl(value); if (safe) node.setAttribute('href', safe); }
        else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
        else if (key === 'dataset') Object.assign(node.dataset, value);
        else node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (const child of children) append(node, child);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(c => append(node, c)); return; }
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  /** A URL we let a person follow: this server's own paths, http(s) and mailto; anything else is dropped. */
  function safeUrl(value) {
    const text = String(value).trim();
    if (text.startsWith('/') && !text.startsWith('//')) return text;
    try {
      const url = new URL(text);
      return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  class ApiError extends Error {
    constructor(status, detail) { super(typeof detail === 'string' ? detail : JSON.stringify(detail)); this.status = status; this.detail = detail; }
  }

  async function request(path, options) {
    const response = await fetch(path, Object.assign({credentials: 'same-origin', headers: {Accept: 'application/json'}}, options || {}));
    if (response.status === 401) {
      // the session ended (signed out elsewhere, expired, key revoked): back to the sign-in page
      window.location.assign('/ui/sign-in');
      throw new ApiError(401, 'signed out');
    }
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = text; }
    if (!response.ok) throw new ApiError(response.status, body && body.detail !== undefined ? body.detail : body);
    return body;
  }

  const api = path => request(path);
  /**
   * A GET with no header of its own, as the page's {@code <link rel="preload" as="fetch">} asked for
   * it: the browser then answers it from that request, which started with the page.
   */
  const preloaded = path => request(path, {headers: {}});
  /** A state-changing request: JSON, with the page's CSRF token. */
  const post = (path, body) => request(path, {
    method: 'POST', body: JSON.stringify(body),
    headers: {Accept: 'application/json', 'Content-Type': 'application/json', [meta('csrf-header') || 'X-CSRF-TOKEN']: meta('csrf-token') || ''}
  });

  function problemText(error) {
    if (error && Array.isArray(error.detail)) return error.detail.map(d => (d.loc || []).join('.') + ': ' + d.msg).join('; ');
    return error && error.message ? error.message : String(error);
  }

  const ms = iso => iso ? Date.parse(iso) : null;
  function duration(millis) {
    if (millis === null || millis === undefined || isNaN(millis)) return '';
    if (millis < 1000) return Math.round(millis) + ' ms';
    if (millis < 60000) return (millis / 1000).toFixed(millis < 10000 ? 2 : 1) + ' s';
    const minutes = Math.floor(millis / 60000);
    if (minutes < 60) return minutes + ' min ' + Math.round((millis % 60000) / 1000) + ' s';
    return Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
  }
  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').replace('Z', ' UTC');
  }
  const number = n => n === null || n === undefined ? '' : Number(n).toLocaleString('en-US');
  function cost(c) {
    if (c === null || c === undefined) return '';
    const n = Number(c);
    return '$' + (n === 0 ? '0' : n < 0.01 ? n.toPrecision(2) : n.toFixed(4));
  }
  /** A file's name: the last segment of its path. */
  const name = path => path ? String(path).split('/').filter(Boolean).pop() || String(path) : '(unknown)';
  function bytes(n) { return n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(1) + ' KB' : (n / 1048576).toFixed(1) + ' MB'; }

  /** A judgment as a short mark. */
  function judgmentText(value) {
    if (value === null || value === undefined) return '–';
    if (value === true) return '✓';
    if (value === false) return '✗';
    if (Array.isArray(value)) return value.join(', ');
    return String(value);
  }

  // the longest main-thread task of the page so far (the benchmark reads it)
  try {
    new PerformanceObserver(list => {
      for (const entry of list.getEntries()) window.tvLongestTask = Math.max(window.tvLongestTask || 0, entry.duration);
    }).observe({type: 'longtask', buffered: true});
  } catch (e) { /* not every browser reports long tasks */ }

  window.tv = {el, append, clear, safeUrl, api, preloaded, post, problemText, ApiError, ms, duration, time, number, cost, name, bytes, judgmentText};
})();
