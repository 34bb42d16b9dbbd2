// The run page's "Response" section (GET /api/v1/runs/{id}/response, docs/response.md): did
// monitoring and on-call notice the fault, and how fast. Registered on the run page through
// runSections (hooks.js); app.js imports this module once.
import { api, download } from './api.js';
import { h, clear, time, badge, duration, errorBox, table, toast } from './ui.js';
import { runSections } from './hooks.js';

/** The milestones in the order they happen, with the words people use for them. */
export const MILESTONES = [
  ['fault_injected', 'Fault injected'], ['alert_firing', 'Alert firing'], ['notified', 'Notified (paged)'],
  ['acknowledged', 'Acknowledged'], ['escalated', 'Escalated'], ['fault_reverted', 'Fault reverted'],
  ['steady_state_back', 'Steady state back'], ['all_clear', 'All clear'],
];

const DURATIONS = [
  ['time_to_detect_ms', 'Time to detect', 'fault injected → alert firing'],
  ['time_to_notify_ms', 'Time to notify', 'fault injected → first page'],
  ['time_to_acknowledge_ms', 'Time to acknowledge', 'page → acknowledged'],
  ['time_to_recover_ms', 'Time to recover', 'fault injected → steady state back'],
  ['time_to_all_clear_ms', 'Time to all clear', 'fault reverted → every alert resolved'],
];

const LIVE = ['queued', 'running', 'aborting'];
/** While a run is live the response is re-read at most this often (events arrive many per second). */
const LIVE_REFRESH_MS = 3000;
const state = new WeakMap();

/** Renders the response into `box`; re-fetches when the run's status changed, or every few seconds while live. */
function render(box, run) {
  if (!run || !box.isConnected) return;
  let s = state.get(box);
  if (!s) {
    s = { status: null, fetched: 0, timer: null, inFlight: false };
    state.set(box, s);
    clear(box, h('p', { class: 'muted' }, 'Loading the response…'));
  }
  const changed = s.status !== run.status;
  const live = LIVE.includes(run.status);
  s.run = run;
  // While live, keep re-reading (the page calls render only when the run itself changes).
  if (live && !s.timer) s.timer = setTimeout(() => { s.timer = null; render(box, s.run); }, LIVE_REFRESH_MS);
  if (!changed && (!live || Date.now() - s.fetched < LIVE_REFRESH_MS)) return;
  s.status = run.status;
  fetchInto(box, run, s);
}

async function fetchInto(box, run, s) {
  if (s.inFlight) return;
  s.inFlight = true;
  s.fetched = Date.now();
  try {
    const r = await api('GET', `/api/v1/runs/${encodeURIComponent(run.id)}/response`);
    if (box.isConnected) clear(box, ...view(r, run, () => { s.fetched = 0; s.status = null; render(box, run); }));
  } catch (e) {
    if (box.isConnected) clear(box, e.status === 404 ? h('p', { class: 'unavailable' },
      'Response measurement is not available on this server yet.') : errorBox(e));
  } finally {
    s.inFlight = false;
  }
}

/** The response as DOM: verdict and gap flag, the milestone row, durations, expectations, signals. */
export function view(r, run, refresh) {
  const gap = r.monitoring_gap === true;
  const out = [];
  out.push(h('p', { class: gap ? 'gap-flag' : 'verdict-line', id: 'response-verdict', 'data-gap': String(gap) },
    gap ? badge('monitoring gap') : r.detected ? badge('detected') : null, ' ', r.verdict));
  const byName = new Map((r.milestones || []).map((m) => [m.name, m]));
  out.push(h('ol', { class: 'milestones', id: 'milestones', 'aria-label': 'Response milestones, in order' },
    MILESTONES.map(([name, label]) => {
      const m = byName.get(name) || { name, at: null, missing: true };
      const missing = m.missing || !m.at;
      return h('li', { class: missing ? 'ms missing' : 'ms', 'data-milestone': name, 'data-missing': String(missing) },
        h('span', { class: 'ms-icon', 'aria-hidden': 'true' }, missing ? '○' : '●'),
        h('span', { class: 'ms-name' }, label),
        missing ? h('span', { class: 'ms-when' }, badge('missing'))
          : h('span', { class: 'ms-when' }, time(m.at),
            name === 'fault_injected' || m.since_injection_ms === null || m.since_injection_ms === undefined ? null
              : h('span', { class: 'muted' }, ' (+', duration(m.since_injection_ms), ')')),
        m.detail ? h('span', { class: 'ms-detail muted' }, m.detail) : null);
    })));
  const d = r.durations || {};
  out.push(h('dl', { class: 'facts durations', id: 'response-durations' }, DURATIONS.map(([key, label, what]) => [
    h('dt', { title: what }, label), h('dd', { 'data-duration': key }, duration(d[key]), ' ', h('span', { class: 'muted' }, what))])));
  if ((r.expectations || []).length) {
    out.push(h('h3', {}, 'Expectations'), table(r.expectations, [
      { key: 'expectation' }, { key: 'within' }, { key: 'outcome', render: (x) => badge(x.outcome) },
      { key: 'actual_ms', label: 'actual', render: (x) => duration(x.actual_ms) }], { caption: 'Expectations' }));
  } else {
    out.push(h('p', { class: 'muted' }, 'The experiment states no expectation ("expect": alerts, page); ',
      'without one, a run in which no alert fired is a monitoring gap.'));
  }
  const w = r.window || {};
  out.push(h('p', { class: 'muted' }, w.from ? ['Signals counted from ', time(w.from), ' to ', time(w.to),
    w.open ? ' — the window is still open: alerts may still arrive.' : ' (closed).'] : 'No fault was injected: nothing to correlate.'));
  const signals = r.signals || [];
  out.push(h('details', {}, h('summary', {}, `Matched alerts and incidents (${signals.length})`),
    table(signals, [{ key: 'occurred_at', label: 'when', render: (x) => time(x.occurred_at) }, { key: 'source' },
      { key: 'kind' }, { key: 'name' }, { key: 'key' }], { empty: 'No alert or incident matched this run.' })));
  const actions = h('div', { class: 'actions' },
    h('button', { type: 'button', id: 'response-refresh', onclick: refresh }, '↻ Refresh response'));
  if (!LIVE.includes(run.status)) {
    actions.append(h('button', { type: 'button', id: 'postmortem', onclick: () => download(
      `/api/v1/runs/${encodeURIComponent(run.id)}/postmortem`, `${run.id}-postmortem.md`)
      .catch((e) => toast('Download failed: ' + e.message)) }, '⬇ Postmortem draft (Markdown)'));
  }
  out.push(actions);
  return out;
}

runSections.push({ id: 'response', title: 'Response', render: (box, run) => render(box, run) });
