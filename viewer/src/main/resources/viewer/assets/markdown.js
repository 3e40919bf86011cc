// Markdown, rendered by building DOM nodes from the text: nothing is parsed as HTML, so a
// <script> or an <img onerror> in the text stays text; links keep only http(s) and mailto targets.
'use strict';
(function () {
  const {el} = window.tv;

  function inline(text) {
    const out = [];
    // code spans, links, bold, italic; everything else is text
    const pattern = /(`+)([^`]+?)\1|\[([^\]]+)\]\(([^)\s]+)\)|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_/g;
    let last = 0, m;
    while ((m = pattern.exec(text)) !== null) {
      if (m.index > last) out.push(text.slice(last, m.index));
      if (m[2] !== undefined) out.push(el('code', {text: m[2]}));
      else if (m[3] !== undefined) {
        const href = window.tv.safeUrl(m[4]);
        out.push(href && !href.startsWith('/') ? el('a', {href, rel: 'noopener noreferrer nofollow', target: '_blank'}, ...inline(m[3]))
          : el('span', {class: 'dead-link', title: 'link not followed: ' + m[4]}, ...inline(m[3])));
      } else if (m[5] !== undefined || m[6] !== undefined) out.push(el('strong', null, ...inline(m[5] !== undefined ? m[5] : m[6])));
      else out.push(el('em', null, ...inline(m[7] !== undefined ? m[7] : m[8])));
      last = pattern.lastIndex;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  /** The markdown {@code text} as a fragment of elements. */
  function render(text) {
    const root = el('div', {class: 'markdown'});
    const lines = String(text).split('\n');
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      const fence = line.match(/^\s*(```|~~~)\s*([\w-]*)/);
      if (fence) {
        const body = [];
        i++;
        while (i < lines.length && !lines[i].trim().startsWith(fence[1])) body.push(lines[i++]);
        i++;
        root.appendChild(el('pre', {class: 'code'}, el('code', {text: body.join('\n')})));
        continue;
      }
      const heading = line.match(/^(#{1,6})\s+(.*)$/);
      if (heading) { root.appendChild(el('h' + Math.min(6, heading[1].length + 2), null, ...inline(heading[2]))); i++; continue; }
      if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
        const ordered = /^\s*\d+[.)]/.test(line);
        const list = el(ordered ? 'ol' : 'ul');
        while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i])) {
          list.appendChild(el('li', null, ...inline(lines[i].replace(/^\s*([-*+]|\d+[.)])\s+/, ''))));
          i++;
        }
        root.appendChild(list);
        continue;
      }
      if (/^>\s?/.test(line)) {
        const quoted = [];
        while (i < lines.length && /^>\s?/.test(lines[i])) quoted.push(lines[i++].replace(/^>\s?/, ''));
        root.appendChild(el('blockquote', null, render(quoted.join('\n'))));
        continue;
      }
      if (line.trim() === '') { i++; continue; }
      const paragraph = [];
      while (i < lines.length && lines[i].trim() !== '' && !/^(#{1,6}\s|\s*```|\s*~~~|>\s?|\s*([-*+]|\d+[.)])\s+)/.test(lines[i])) {
        paragraph.push(lines[i++]);
      }
      const p = el('p');
      paragraph.forEach((text, n) => { if (n > 0) p.appendChild(el('br')); inline(text).forEach(part => window.tv.append(p, part)); });
      root.appendChild(p);
    }
    return root;
  }

  window.tv.markdown = render;
})();
