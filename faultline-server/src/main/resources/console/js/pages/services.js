import { api, optional, session } from '../api.js';
import { h, clear, table, time, badge, duration, expiry, errorBox, modal, toast } from '../ui.js';

/** What each chaos level allows (docs/continuous.md). */
const LEVELS = ['0: kill processes/instances', '1: + network faults', '2: + resources and clock', '3: + zone/region loss'];
/** Response trends are fetched for at most this many services (one request each). */
const TRENDS_MAX = 50;

/**
 * Services for continuous chaos: level, opted in/out (why, who), last run, pass rate and the
 * response trends (MTTD/MTTR) next to them; opt-out/opt-in for operators; the organisation's
 * coverage below. GET /api/v1/services, /coverage, /services/{name}/response-trends.
 */
export function render(main) {
  const list = h('section', { class: 'card', id: 'service-list', 'data-api': '/api/v1/services' },
    h('h2', {}, 'Services'), h('p', { class: 'muted' }, 'Loading…'));
  const org = h('section', { class: 'card', id: 'coverage', 'data-api': '/api/v1/coverage' },
    h('h2', {}, 'Coverage'), h('p', { class: 'muted' }, 'Loading…'));
  clear(main, h('h1', {}, 'Services'), list, org);
  let stopped = false;

  const load = async () => {
    try {
      const [services, coverage] = await Promise.all([optional('/api/v1/services'), optional('/api/v1/coverage')]);
      if (stopped) return;
      if (services === null) {
        clear(list, h('h2', {}, 'Services'), h('p', { class: 'unavailable' },
          'Services are not available on this server yet (', h('code', {}, 'GET /api/v1/services'), ' answered 404).'));
        clear(org, h('h2', {}, 'Coverage'));
        return;
      }
      const cov = new Map(((coverage && coverage.services) || []).map((c) => [c.service, c]));
      const rows = services.services.map((s) => ({ ...s, coverage: cov.get(s.name) || {}, trends: null }));
      const trendsCells = new Map();
      clear(list, h('h2', {}, `Services (${rows.length})`), table(rows, columns(load, trendsCells),
        { empty: 'No service is registered: POST /api/v1/services (or faultline server service add).', caption: 'Services' }));
      renderCoverage(org, coverage);
      // Trends after the table is shown: one request per service, filled in as they answer.
      await Promise.all(rows.slice(0, TRENDS_MAX).map(async (s) => {
        const cells = trendsCells.get(s.name);
        try {
          const t = await optional(`/api/v1/services/${encodeURIComponent(s.name)}/response-trends?limit=20`);
          if (!stopped && cells) fillTrends(cells, t);
        } catch (e) {
          if (cells) clear(cells.mttd, errorBox(e));
        }
      }));
    } catch (e) {
      if (!stopped) clear(list, h('h2', {}, 'Services'), errorBox(e));
    }
  };
  load();
  return () => { stopped = true; };
}

function columns(reload, trendsCells) {
  const cols = [
    { key: 'name', label: 'service', render: (s) => h('span', {}, h('strong', { class: 'service-name' }, s.name),
      s.team ? h('span', { class: 'muted' }, ` · team ${s.team}`) : null) },
    { key: 'level', render: (s) => h('span', { title: LEVELS[s.level] || '' }, `level ${LEVELS[s.level] || s.level}`) },
    { key: 'opted_in', label: 'chaos', render: optCell },
    { key: 'last_run', label: 'last run', render: (s) => {
      const r = s.coverage.last_run;
      return r ? h('span', {}, h('a', { class: 'id', href: `#/runs/${encodeURIComponent(r.id)}` }, r.id), ' ', badge(r.status),
        r.deviated ? [' ', badge('deviated')] : null, h('br'), time(r.submitted)) : h('span', { class: 'muted' }, 'never run');
    } },
    { key: 'pass_rate', label: 'pass rate', render: (s) => {
      const c = s.coverage;
      if (c.pass_rate === null || c.pass_rate === undefined) return h('span', { class: 'muted' }, 'no ended run');
      return h('span', { 'data-pass-rate': c.pass_rate }, `${Math.round(c.pass_rate * 100)} %`,
        h('span', { class: 'muted' }, ` of ${c.runs_ended} run${c.runs_ended === 1 ? '' : 's'}`));
    } },
    { key: 'mttd', label: 'MTTD (detect)', render: (s) => trendCell(trendsCells, s.name, 'mttd') },
    { key: 'mttr', label: 'MTTR (recover)', render: (s) => trendCell(trendsCells, s.name, 'mttr') },
  ];
  if (session.can('operator')) {
    cols.push({ key: 'actions', label: 'actions', render: (s) => s.opted_in
      ? h('button', { type: 'button', class: 'opt-out', 'data-service': s.name, onclick: () => optOut(s, reload) }, '‖ Opt out…')
      : h('button', { type: 'button', class: 'opt-in', 'data-service': s.name, onclick: () => optIn(s, reload) }, '▶ Opt in') });
  }
  return cols;
}

function optCell(s) {
  if (s.opted_in) {
    return h('span', { 'data-opted': 'in' }, badge('opted in'), s.opt_in_expires ? [h('br'),
      h('span', { class: 'muted' }, 'renew by '), expiry(s.opt_in_expires)] : null);
  }
  return h('span', { 'data-opted': 'out' }, badge('opted out'), h('br'), s.opt_out_reason ? h('q', {}, s.opt_out_reason) : null,
    s.opt_owner ? h('span', { class: 'muted' }, ` — ${s.opt_owner}`) : null);
}

function trendCell(cells, name, which) {
  const el = h('span', { class: 'muted', 'data-trend': which }, '…');
  const entry = cells.get(name) || {};
  entry[which] = el;
  cells.set(name, entry);
  return el;
}

function fillTrends(cells, t) {
  if (t === null) {
    clear(cells.mttd, h('span', { class: 'muted' }, 'not available'));
    clear(cells.mttr, h('span', { class: 'muted' }, 'not available'));
    return;
  }
  const stat = (x, what) => (!x || !x.count ? h('span', { class: 'muted' }, `no ${what} in ${t.runs} run${t.runs === 1 ? '' : 's'}`)
    : h('span', { title: `median ${x.median_ms} ms, max ${x.max_ms} ms over ${x.count}` }, 'mean ', duration(x.mean_ms),
      h('br'), h('span', { class: 'muted' }, 'median '), duration(x.median_ms), h('span', { class: 'muted' }, ` · n=${x.count}`)));
  clear(cells.mttd, stat(t.time_to_detect, 'detection'),
    t.monitoring_gaps ? [h('br'), badge('monitoring gap'), ` ×${t.monitoring_gaps}`] : null);
  clear(cells.mttr, stat(t.time_to_recover, 'recovery'));
  cells.mttd.classList.remove('muted');
  cells.mttr.classList.remove('muted');
}

function renderCoverage(el, coverage) {
  if (coverage === null) {
    clear(el, h('h2', {}, 'Coverage'), h('p', { class: 'unavailable' }, 'Coverage is not available on this server yet.'));
    return;
  }
  const o = coverage.organisation || {};
  const perLevel = Object.entries(o.services_per_level || {}).map(([level, n]) => `level ${level}: ${n}`).join(' · ');
  clear(el, h('h2', {}, 'Coverage'),
    h('dl', { class: 'facts' }, h('dt', {}, 'services'), h('dd', {}, String(o.services ?? 0)),
      h('dt', {}, 'per level'), h('dd', {}, perLevel || '—')),
    h('h3', {}, `Opted out (${(o.opted_out || []).length})`),
    table(o.opted_out, [{ key: 'service' }, { key: 'team' }, { key: 'reason' }, { key: 'owner' }], { empty: 'No service is opted out.' }),
    h('h3', {}, `Expiring within the warning period (${(o.expiring_soon || []).length})`),
    table(o.expiring_soon, [{ key: 'kind', render: (x) => (x.kind === 'opt_in' ? 'opt-in' : `schedule ${x.id}`) },
      { key: 'service' }, { key: 'owner' }, { key: 'expires', render: (x) => expiry(x.expires) }], { empty: 'Nothing expires soon.' }));
}

async function optOut(s, reload) {
  const result = await modal(`Opt ${s.name} out of scheduled chaos`, (form, close) => {
    const problem = h('p', { class: 'error', hidden: true, role: 'alert' }, 'Say why (it is shown to everyone and audited).');
    const reason = h('textarea', { id: 'opt-reason', rows: 2, maxlength: 500, oninput: () => { problem.hidden = true; } });
    const owner = h('input', { id: 'opt-owner', type: 'text', maxlength: 200, placeholder: session.who.name });
    form.append(h('p', {}, `Scheduled runs of ${s.name} are stopped now and no new one starts until it is opted in again.`),
      h('label', { for: 'opt-reason' }, 'Reason (required)', reason), problem,
      h('label', { for: 'opt-owner' }, 'Owner (who answers for it; default: you)', owner),
      h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => close(null) }, 'Cancel'),
        h('button', { type: 'button', class: 'primary', id: 'opt-out-confirm', onclick: () => {
          if (!reason.value.trim()) { problem.hidden = false; reason.focus(); return; }
          close({ reason: reason.value.trim(), owner: owner.value.trim() || undefined });
        } }, '‖ Opt out')));
  });
  if (!result) return;
  try {
    const r = await api('POST', `/api/v1/services/${encodeURIComponent(s.name)}/opt-out`, result);
    toast(`${s.name} opted out` + (r.aborted_runs && r.aborted_runs.length ? `; stopped ${r.aborted_runs.join(', ')}` : '.'));
  } catch (e) { toast('Opt-out failed: ' + e.message); }
  await reload();
  document.querySelector(`button[data-service="${CSS.escape(s.name)}"]`)?.focus();
}

async function optIn(s, reload) {
  try {
    await api('POST', `/api/v1/services/${encodeURIComponent(s.name)}/opt-in`);
    toast(`${s.name} opted in for scheduled chaos.`);
  } catch (e) { toast('Opt-in failed: ' + e.message); }
  await reload();
  document.querySelector(`button[data-service="${CSS.escape(s.name)}"]`)?.focus();
}
