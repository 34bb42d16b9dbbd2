import { api } from '../api.js';
import { h, clear, table, time, badge, errorBox, cell } from '../ui.js';

const STATUSES = ['', 'queued', 'running', 'completed', 'failed', 'aborted', 'interrupted'];

/** Columns for run tables, by key. */
export function runColumns(keys) {
  const all = {
    id: { key: 'id', label: 'run', render: (r) => h('a', { class: 'id', href: `#/runs/${encodeURIComponent(r.id)}` }, r.id) },
    title: { key: 'title' },
    status: { key: 'status', render: (r) => h('span', {}, badge(r.status), r.dry ? ' (dry)' : '') },
    verdict: { key: 'verdict', render: (r) => r.deviated === true ? h('span', {}, badge('deviated'), ' ', r.verdict || '')
      : cell('verdict', r.verdict) },
    submitted: { key: 'submitted', render: (r) => time(r.submitted) },
    started: { key: 'started', render: (r) => time(r.started) },
    ended: { key: 'ended', render: (r) => time(r.ended) },
    submitted_by: { key: 'submitted_by', label: 'by' },
    experiment_id: { key: 'experiment_id', label: 'experiment' },
  };
  return keys.map((k) => all[k]);
}

/** The run list, filtered by status, experiment and time (the filters live in the URL). */
export function render(main, { query }) {
  const results = h('section', { class: 'card', 'aria-live': 'polite', id: 'run-list' });
  const status = h('select', { id: 'f-status', name: 'status' },
    STATUSES.map((s) => h('option', { value: s, selected: query.get('status') === s }, s || 'any')));
  const experiment = h('input', { id: 'f-experiment', name: 'experiment', value: query.get('experiment') || '',
    placeholder: 'exp_…', size: 18 });
  const since = h('input', { id: 'f-since', name: 'since', type: 'datetime-local',
    value: query.get('since') ? toLocalInput(query.get('since')) : '' });
  const limit = h('select', { id: 'f-limit', name: 'limit' },
    ['50', '200', '1000'].map((n) => h('option', { value: n, selected: (query.get('limit') || '50') === n }, n)));
  const form = h('form', { class: 'filters card', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (status.value) q.set('status', status.value);
    if (experiment.value.trim()) q.set('experiment', experiment.value.trim());
    if (since.value) q.set('since', new Date(since.value).toISOString());
    if (limit.value !== '50') q.set('limit', limit.value);
    location.hash = '#/runs' + (q.toString() ? '?' + q : '');
  } },
  h('label', { for: 'f-status' }, 'Status', status), h('label', { for: 'f-experiment' }, 'Experiment id', experiment),
  h('label', { for: 'f-since' }, 'Submitted since (your time)', since), h('label', { for: 'f-limit' }, 'Show', limit),
  h('button', { type: 'submit', class: 'primary' }, 'Filter'),
  h('a', { class: 'button', href: '#/runs' }, 'Clear'));
  clear(main, h('h1', {}, 'Runs'), form, results);
  const q = new URLSearchParams();
  for (const k of ['status', 'experiment', 'since', 'limit']) if (query.get(k)) q.set(k, query.get(k));
  api('GET', '/api/v1/runs?' + q).then((r) => {
    clear(results, h('h2', {}, `${r.runs.length} run(s)`, r.runs.length >= Number(query.get('limit') || 50)
      ? h('span', { class: 'muted' }, ' (newest first; more exist: narrow the filters or show more)') : ''),
    table(r.runs, runColumns(['id', 'title', 'status', 'verdict', 'submitted', 'ended', 'submitted_by']),
      { empty: 'No run matches these filters.' }));
  }).catch((e) => clear(results, errorBox(e)));
}

function toLocalInput(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
