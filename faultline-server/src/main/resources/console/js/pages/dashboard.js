import { api, optional, session } from '../api.js';
import { h, clear, table, time, badge, errorBox, modal, confirm, poll, toast } from '../ui.js';
import { showHalt } from '../app.js';
import { runColumns } from './runs.js';
import { tagList } from '../targets.js';

/** Halt state with HALT ALL / Resume, active faults, running runs, connected agents; refreshed every 2 s. */
export function render(main) {
  const state = h('section', { class: 'card', id: 'halt-state', 'aria-labelledby': 'halt-h' });
  const faults = h('section', { class: 'card', id: 'active-faults', 'aria-labelledby': 'faults-h' });
  const runs = h('section', { class: 'card', id: 'running-runs', 'aria-labelledby': 'runs-h' });
  const agents = h('section', { class: 'card', id: 'agents', 'aria-labelledby': 'agents-h' });
  clear(main, h('h1', {}, 'Dashboard'), state, h('div', { class: 'grid' }, faults, runs), agents);
  let last = { faults: [], runs: [] };
  let first = true;

  const refresh = async () => {
    try {
      const [halt, f, running, queued, fleet] = await Promise.all([
        api('GET', '/api/v1/halt'), api('GET', '/api/v1/faults'),
        api('GET', '/api/v1/runs?status=running&limit=200'), api('GET', '/api/v1/runs?status=queued&limit=200'),
        optional('/api/v1/agents')]);
      last = { faults: f.faults, runs: running.runs.concat(queued.runs) };
      showHalt(halt);
      renderState(state, halt, last);
      clear(faults, h('h2', { id: 'faults-h' }, `Active faults (${f.faults.length})`), table(f.faults, [
        { key: 'fault' }, { key: 'target' },
        { key: 'since', render: (r) => time(r.applied || r.recorded) },
        { key: 'run', render: (r) => h('a', { href: `#/runs/${encodeURIComponent(r.run_id)}` }, r.run_id) },
        { key: 'state' }, { key: 'actor', label: 'by' }], { empty: 'No fault is in effect.' }));
      clear(runs, h('h2', { id: 'runs-h' }, `Running runs (${last.runs.length})`),
        table(last.runs, runColumns(['id', 'title', 'status', 'started', 'submitted_by']), { empty: 'No run is running.' }));
      const connected = fleet === null ? [] : (Array.isArray(fleet) ? fleet : fleet.agents || [])
        .filter((a) => a.connected !== false);
      clear(agents, h('h2', { id: 'agents-h' }, fleet === null ? 'Connected agents' : `Connected agents (${connected.length})`),
        fleet === null ? h('p', { class: 'unavailable' }, 'Agents are not available on this server yet.')
          : table(connected.slice(0, 100), AGENT_COLUMNS, { empty: 'No agent is connected.' }),
        connected.length > 100 ? h('p', {}, h('a', { href: '#/fleet' }, `All ${connected.length} agents on the Fleet page`)) : null);
      if (first) {
        first = false;
        performance.mark('faultline-dashboard-rendered');
      }
    } catch (e) {
      clear(state, h('h2', { id: 'halt-h' }, 'Halt state'), errorBox(e));
    }
  };

  function renderState(el, halt, current) {
    const controls = h('div', { class: 'actions' });
    if (!halt.halted && session.can('operator')) {
      controls.append(h('button', { type: 'button', class: 'danger halt-all', id: 'halt-all',
        onclick: () => haltAll(current, refresh) }, '■ HALT ALL'));
    }
    if (halt.halted && session.can('admin')) {
      controls.append(h('button', { type: 'button', class: 'primary', id: 'resume', onclick: () => resume(refresh) },
        '▶ Resume chaos'));
    }
    clear(el, h('h2', { id: 'halt-h', class: 'sr-only' }, 'Halt state'), h('div', { class: 'state' },
      halt.halted
        ? h('div', {}, h('div', { class: 'big', id: 'halt-status', tabindex: '-1' }, badge('halted'), ' All chaos is halted'),
          h('p', {}, 'Since ', time(halt.since), ` by ${halt.by}. Reason: `, h('q', {}, halt.reason)),
          h('p', { class: 'muted' }, session.can('admin') ? 'New runs are refused until you resume.'
            : 'New runs are refused until an admin resumes.'))
        : h('div', {}, h('div', { class: 'big', id: 'halt-status', tabindex: '-1' }, badge('allowed'), ' Chaos is allowed'),
          h('p', { class: 'muted' }, `${current.runs.length} run(s) running or queued, ${current.faults.length} fault(s) in effect.`)),
      controls));
  }

  const stop = poll(refresh, 2000);
  return stop;
}

/** Reason prompt, then an explicit confirmation, then POST /api/v1/halt. */
async function haltAll(current, refresh) {
  const reason = await modal('Halt all chaos', (form, close) => {
    const problem = h('p', { class: 'error', hidden: true, role: 'alert' }, 'Say why chaos is halted (it goes into the audit log).');
    const text = h('textarea', { id: 'halt-reason', rows: 3, maxlength: 1000, required: true,
      oninput: () => { problem.hidden = true; } });
    form.append(h('p', {}, 'Every running run is aborted and its faults reverted. New runs are refused until an admin resumes.'),
      h('label', { for: 'halt-reason' }, 'Reason (required, recorded in the audit log)', text), problem,
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => close(null) }, 'Cancel'),
        h('button', { type: 'button', class: 'danger', id: 'halt-continue', onclick: () => {
          if (!text.value.trim()) { problem.hidden = false; text.focus(); return; }
          close(text.value.trim());
        } }, 'Continue…')));
  });
  if (!reason) return;
  const ok = await confirm('Confirm: halt everything now?',
    `Abort ${current.runs.length} run(s) and revert ${current.faults.length} fault(s) now, for the reason "${reason}"?`,
    '■ HALT NOW', true);
  if (!ok) return;
  try {
    performance.mark('faultline-halt-confirmed');
    const r = await api('POST', '/api/v1/halt', { reason });
    performance.mark('faultline-halt-answered');
    toast(`Halted. Aborted ${r.aborted_runs.length} run(s)` + (r.still_stopping.length
      ? `; still stopping: ${r.still_stopping.join(', ')}` : '; every run has stopped.'));
  } catch (e) {
    toast('Halt failed: ' + e.message);
  }
  await refresh();
  // The button that opened the dialog is gone (the state changed): keep keyboard focus on the new state.
  document.getElementById('halt-status')?.focus();
}

async function resume(refresh) {
  if (!await confirm('Resume chaos?', 'Runs may be submitted again (nothing that was aborted restarts).', '▶ Resume')) return;
  try {
    await api('DELETE', '/api/v1/halt');
    toast('Resumed: runs may be submitted again.');
  } catch (e) {
    toast('Resume failed: ' + e.message);
  }
  await refresh();
  document.getElementById('halt-status')?.focus();
}

/** The agents' summary here; every column is on the Fleet page. */
const AGENT_COLUMNS = [
  { key: 'name', render: (a) => h('a', { href: '#/fleet' }, a.name) },
  { key: 'hostname', label: 'host', render: (a) => a.hostname || '—' },
  { key: 'tags', render: (a) => tagList(a.tags) },
  { key: 'connected_since', label: 'connected since', render: (a) => time(a.connected_since) },
  { key: 'active_faults', label: 'active faults', render: (a) => String((a.active_faults || []).length) },
];
