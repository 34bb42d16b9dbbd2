import { api } from '../api.js';
import { h, clear, table, time, badge, errorBox, cell } from '../ui.js';

/** The audit log, filtered by actor, kind and time (filters live in the URL). */
export function render(main, { query }) {
  const results = h('section', { class: 'card', id: 'audit-list', 'aria-live': 'polite' });
  const input = (id, label, attrs) => {
    const el = h('input', Object.assign({ id, name: id }, attrs));
    return [el, h('label', { for: id }, label, el)];
  };
  const [actor, actorL] = input('a-actor', 'Actor', { value: query.get('actor') || '', placeholder: 'name (tok_…)' });
  const [kind, kindL] = input('a-kind', 'Kind', { value: query.get('kind') || '', placeholder: 'halt.set', list: 'audit-kinds' });
  // The kinds the server writes today; the field takes any other too (new resources add kinds).
  const kinds = h('datalist', { id: 'audit-kinds' }, ['halt.set', 'halt.clear', 'run.submit', 'run.abort', 'experiment.create',
    'experiment.update', 'fault.apply', 'fault.revert', 'fault.orphan', 'token.create', 'token.revoke'].map((k) => h('option', { value: k })));
  const [since, sinceL] = input('a-since', 'Since (your time)', { type: 'datetime-local' });
  const [until, untilL] = input('a-until', 'Until (your time)', { type: 'datetime-local' });
  const form = h('form', { class: 'filters card', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (actor.value.trim()) q.set('actor', actor.value.trim());
    if (kind.value.trim()) q.set('kind', kind.value.trim());
    if (since.value) q.set('since', new Date(since.value).toISOString());
    if (until.value) q.set('until', new Date(until.value).toISOString());
    location.hash = '#/audit' + (q.toString() ? '?' + q : '');
  } }, actorL, kindL, kinds, sinceL, untilL, h('button', { type: 'submit', class: 'primary' }, 'Filter'),
  h('a', { class: 'button', href: '#/audit' }, 'Clear'));
  clear(main, h('h1', {}, 'Audit log'), form, results);
  const q = new URLSearchParams();
  for (const k of ['actor', 'kind', 'since', 'until']) if (query.get(k)) q.set(k, query.get(k));
  q.set('limit', '500');
  api('GET', '/api/v1/audit?' + q).then((r) => clear(results, h('h2', {}, `${r.entries.length} entr${r.entries.length === 1 ? 'y' : 'ies'}`),
    table(r.entries, [{ key: 'time', render: (e) => time(e.time) }, { key: 'actor' }, { key: 'kind' }, { key: 'target' },
      { key: 'outcome', render: (e) => badge(e.outcome) }, { key: 'parameters', render: (e) => cell('parameters', parse(e.parameters)) },
      { key: 'detail' }], { empty: 'No entry matches these filters.' })))
    .catch((e) => clear(results, errorBox(e)));
}

function parse(v) {
  if (typeof v !== 'string') return v;
  try { return JSON.parse(v); } catch { return v; }
}
