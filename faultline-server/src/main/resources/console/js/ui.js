// Small DOM helpers: elements from data (never from HTML strings, so server text cannot inject
// markup), times in the viewer's zone with UTC on hover, statuses as icon + text.

/** h('a', {href: '#/', class: 'x', onclick: f}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;
const FORMAT = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A <time>: the viewer's local time, the UTC instant in its title (shown on hover) and datetime. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return h('time', { datetime: d.toISOString(), title: 'UTC ' + d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') },
    FORMAT.format(d));
}

export function isTime(key, value) {
  if (typeof value === 'string') return ISO.test(value);
  return typeof value === 'number' && /(_ms|_at)$/.test(key) && value > 1e11 && value < 1e13;
}

const STATUS = {
  queued: ['…', 'live'], running: ['▶', 'live'], aborting: ['■', 'warn'],
  completed: ['✓', 'ok'], failed: ['✗', 'bad'], aborted: ['■', 'warn'], interrupted: ['⚠', 'warn'],
  pending: ['…', 'neutral'], applied: ['⚡', 'bad'], reverted: ['↩', 'ok'], revert_failed: ['✗', 'bad'],
  not_applied: ['–', 'neutral'], orphaned: ['⚠', 'bad'],
  ok: ['✓', 'ok'], denied: ['■', 'bad'], rejected: ['✗', 'warn'],
  halted: ['■', 'bad'], allowed: ['✓', 'ok'], deviated: ['⚠', 'bad'], 'not deviated': ['✓', 'ok'],
  yes: ['✓', 'ok'], no: ['✗', 'neutral'],
  met: ['✓', 'ok'], late: ['⚠', 'warn'], missing: ['○', 'bad'], 'monitoring gap': ['⚠', 'bad'], detected: ['✓', 'ok'],
  'opted in': ['✓', 'ok'], 'opted out': ['‖', 'warn'], active: ['▶', 'live'], expired: ['⚠', 'warn'], ended: ['✓', 'neutral'],
  planned: ['…', 'neutral'], paused: ['‖', 'warn'], 'paused now': ['‖', 'bad'],
  predicted: ['✓', 'ok'], right: ['✓', 'ok'], wrong: ['✗', 'bad'], done: ['✓', 'neutral'],
  connected: ['●', 'ok'], disconnected: ['○', 'warn'], unknown: ['?', 'warn'],
};

/** A status as icon + word (colour only repeats what the text says). */
export function badge(status) {
  const [icon, tone] = STATUS[status] || ['•', 'neutral'];
  return h('span', { class: `badge ${tone}`, 'data-status': status },
    h('span', { 'aria-hidden': 'true' }, icon), status);
}

/** A duration in ms as "2.4 s" / "3 min 5 s"; null (a milestone that did not happen) as "○ missing", never zero. */
export function duration(ms) {
  if (ms === null || ms === undefined) return badge('missing');
  const sign = ms < 0 ? '−' : '';
  const a = Math.abs(ms);
  const text = a < 1000 ? `${a} ms` : a < 60000 ? `${(a / 1000).toFixed(a < 10000 ? 1 : 0)} s`
    : a < 3600000 ? `${Math.floor(a / 60000)} min ${Math.round((a % 60000) / 1000)} s`
      : `${Math.floor(a / 3600000)} h ${Math.round((a % 3600000) / 60000)} min`;
  return h('span', { class: 'duration', 'data-ms': ms }, sign + text);
}

/** An expiry time: the time, and "⚠ expires in N days" within `warnDays` (or "⚠ expired") — a word, not a colour. */
export function expiry(iso, warnDays = 7) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const left = new Date(iso).getTime() - Date.now();
  const days = Math.ceil(left / 86400000);
  const warn = left <= 0 ? 'expired' : left <= warnDays * 86400000 ? `expires in ${days} day${days === 1 ? '' : 's'}` : null;
  return h('span', { class: 'expiry', 'data-expiring': warn ? 'true' : 'false' }, time(iso),
    warn ? [' ', h('span', { class: 'badge warn' }, h('span', { 'aria-hidden': 'true' }, '⚠'), warn)] : null);
}

/** A cell's content for any JSON value: times, booleans and nested values made readable. */
export function cell(key, value) {
  if (value === null || value === undefined || value === '') return h('span', { class: 'muted' }, '—');
  if (isTime(key, value)) return time(typeof value === 'number' ? new Date(value).toISOString() : value);
  if (typeof value === 'boolean') return badge(value ? 'yes' : 'no');
  if (/(^|_)(status|state|outcome)$/.test(key) && typeof value === 'string') return badge(value);
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return value.join(', ');
    return h('code', {}, JSON.stringify(value));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length <= 6 && entries.every(([, v]) => v === null || typeof v !== 'object')) {
      return entries.map(([k, v]) => `${k}=${v}`).join(', ');
    }
    return h('code', {}, JSON.stringify(value));
  }
  return String(value);
}

export function humanize(key) {
  return key.replace(/_/g, ' ').replace(/\bms\b/, '(ms)');
}

/**
 * A table of objects. columns: [{key, label, render(row)}]; default: every key of the rows in
 * first-seen order (for APIs whose fields grow). Stacks into labelled rows at phone width.
 */
export function table(rows, columns, { empty = 'Nothing here.', caption } = {}) {
  if (!rows || rows.length === 0) return h('p', { class: 'empty' }, empty);
  if (!columns) {
    const keys = [];
    for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
    columns = keys.map((k) => ({ key: k }));
  }
  const label = (c) => c.label || humanize(c.key);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'stack' },
    caption ? h('caption', { class: 'sr-only' }, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, label(c))))),
    h('tbody', {}, rows.map((r) => h('tr', {}, columns.map((c) =>
      h('td', { 'data-label': label(c) }, c.render ? c.render(r) : cell(c.key, r[c.key]))))))));
}

/** An error box with the server's message (it says what was wrong and what would be right). */
export function errorBox(e) {
  const status = e && e.status ? `${e.status} ${e.code || ''}: ` : '';
  return h('div', { class: 'error', role: 'alert' }, status + (e && e.message ? e.message : String(e)));
}

export function toast(message) {
  const box = document.getElementById('toast');
  const item = h('div', {}, message);
  box.append(item);
  setTimeout(() => item.remove(), 6000);
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A modal dialog (native <dialog>: focus stays inside, Escape cancels). `build(form, close)` fills
 * the form; resolves with what close(value) was given, or null when cancelled.
 */
export function modal(title, build) {
  const dialog = document.getElementById('dialog');
  return new Promise((resolve) => {
    let result = null;
    const form = h('form', { method: 'dialog' });
    const close = (value) => { result = value; dialog.close(); };
    clear(dialog, h('h2', { id: 'dialog-title' }, title), form);
    build(form, close);
    // The modal dialog makes the page inert, but Tab could still leave for the browser's own UI: wrap it.
    const trap = (e) => {
      if (e.key !== 'Tab') return;
      const items = [...dialog.querySelectorAll('button, textarea, input, select, a[href]')].filter((x) => !x.disabled && !x.hidden);
      if (!items.length) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (e.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
        e.preventDefault();
        first.focus();
      }
    };
    dialog.addEventListener('keydown', trap);
    dialog.addEventListener('close', () => { dialog.removeEventListener('keydown', trap); resolve(result); }, { once: true });
    dialog.showModal();
    const first = form.querySelector('textarea, input, select, button.primary, button.danger, button');
    if (first) first.focus();
  });
}

/** Yes/no confirmation; resolves true only on the confirm button. */
export function confirm(title, message, confirmLabel, danger = false) {
  return modal(title, (form, close) => {
    form.append(h('p', {}, message), h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => close(false) }, 'Cancel'),
      h('button', { type: 'button', class: danger ? 'danger' : 'primary', onclick: () => close(true) }, confirmLabel)));
  }).then((v) => v === true);
}

/** Runs `task` now and every `ms` while the page is shown (never two at once); returns a stopper. */
export function poll(task, ms) {
  let stopped = false;
  let timer = null;
  const loop = async () => {
    if (stopped) return;
    try { await task(); } catch { /* the page shows its own errors */ }
    if (!stopped) timer = setTimeout(loop, ms);
  };
  loop();
  return () => { stopped = true; clearTimeout(timer); };
}
