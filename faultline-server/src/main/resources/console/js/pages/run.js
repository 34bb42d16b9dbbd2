import { api, session, download, followEvents } from '../api.js';
import { h, clear, table, time, badge, errorBox, confirm, toast, cell } from '../ui.js';
import { TimelineModel, renderTimeline, legend, fmtSeconds } from '../timeline.js';
import { runSections } from '../hooks.js';

const LIVE = ['queued', 'running'];

/** One run: facts, actions, the live timeline (from the SSE stream), faults, events. */
export function render(main, { args }) {
  const id = args[0];
  const head = h('section', { class: 'card', id: 'run-head' }, h('p', {}, 'Loading run ', h('code', {}, id), '…'));
  const figure = h('div', { class: 'timeline', id: 'timeline', 'data-events': '0', 'data-live': 'false' });
  const timelineCard = h('section', { class: 'card', 'aria-labelledby': 'tl-h' },
    h('h2', { id: 'tl-h' }, 'Timeline'), figure, legend());
  const faultsCard = h('section', { class: 'card', id: 'run-faults' });
  const extra = h('div', { id: 'run-sections' });
  const eventsBody = h('div');
  const eventsSummary = h('summary', {}, 'Events');
  const eventsCard = h('section', { class: 'card' }, h('details', {}, eventsSummary, eventsBody));
  clear(main, h('p', {}, h('a', { href: '#/runs' }, '← Runs')), head, timelineCard, faultsCard, extra, eventsCard);

  const model = new TimelineModel();
  const events = [];
  const controller = new AbortController();
  let run = null;
  let drawQueued = false;
  const draw = () => {
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      const live = !!run && LIVE.includes(run.status) && !model.ended;
      figure.replaceChildren(renderTimeline(model, live));
      figure.dataset.events = String(model.count);
      figure.dataset.live = String(live);
      eventsSummary.textContent = `Events (${events.length})`;
    });
  };
  const tick = setInterval(() => { if (run && LIVE.includes(run.status)) draw(); }, 1000);

  const load = async () => {
    try {
      run = await api('GET', `/api/v1/runs/${encodeURIComponent(id)}`);
      renderHead(head, run, load);
      clear(faultsCard, h('h2', {}, `Faults (${run.faults.length})`), table(run.faults, [
        { key: 'fault' }, { key: 'target' }, { key: 'state' }, { key: 'applied', render: (r) => time(r.applied) },
        { key: 'reverted', render: (r) => time(r.reverted) }, { key: 'activity' }, { key: 'error' }],
      { empty: 'This run applied no fault.' }));
      renderSections();
      draw();
    } catch (e) {
      clear(head, errorBox(e));
    }
  };
  const renderSections = () => {
    for (const s of runSections) {
      let box = extra.querySelector(`[data-section="${s.id}"]`);
      if (!box) {
        box = h('section', { class: 'card', 'data-section': s.id }, h('h2', {}, s.title), h('div'));
        extra.append(box);
      }
      try { s.render(box.lastChild, run, events); } catch (e) { clear(box.lastChild, errorBox(e)); }
    }
  };

  load().then(() => followEvents(`/api/v1/runs/${encodeURIComponent(id)}/events`, (name, data) => {
    if (name === 'end') {
      load();
      return;
    }
    if (name === 'error') {
      toast(data.message || 'the event stream broke off');
      return;
    }
    events.push(data);
    model.add(data);
    if (name === 'fault_applied' || name === 'fault_recovered' || name === 'run_started') load();
    if (events.length <= 2000) {
      eventsBody.append(eventRow(data));
    }
    draw();
  }, controller.signal)).catch((e) => { if (!controller.signal.aborted) clear(figure, errorBox(e)); });

  return () => { controller.abort(); clearInterval(tick); };
}

function eventRow(e) {
  const attrs = Object.entries(e.attributes || {}).filter(([k]) => k !== 'value' || typeof e.attributes.value !== 'object')
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ');
  return h('div', { class: 'mono' }, `+${fmtSeconds(Number(e.offset_ms) || 0)} `, h('strong', {}, e.event), ` ${e.subject || ''} `,
    h('span', { class: 'muted' }, attrs));
}

function renderHead(el, run, reload) {
  const actions = h('div', { class: 'actions' });
  if (LIVE.includes(run.status) && session.can('operator')) {
    actions.append(h('button', { type: 'button', class: 'danger', id: 'abort-run', onclick: async () => {
      if (!await confirm('Abort this run?', `Run ${run.id} stops now and its faults are reverted.`, '■ Abort run', true)) return;
      try {
        await api('POST', `/api/v1/runs/${encodeURIComponent(run.id)}/abort`, { reason: 'from the console' });
        toast('Abort requested: the run reverts its faults and stops.');
      } catch (e) { toast('Abort failed: ' + e.message); }
      reload();
    } }, '■ Abort run'));
  }
  if (!LIVE.includes(run.status)) {
    const fail = (e) => toast('Download failed: ' + e.message);
    actions.append(
      h('button', { type: 'button', id: 'journal', onclick: () => download(run.links.journal, `${run.id}-journal.json`).catch(fail) },
        '⬇ Journal (JSON)'),
      h('button', { type: 'button', id: 'report', onclick: () => download(run.links.report, `${run.id}-report.html`).catch(fail) },
        '⬇ HTML report'));
  } else {
    actions.append(h('span', { class: 'muted' }, 'The journal and report are ready when the run ends.'));
  }
  const facts = [
    ['status', h('span', {}, badge(run.status), run.dry ? ` (dry run: ${run.dry})` : '')],
    ['verdict', run.deviated === true ? h('span', {}, badge('deviated'), ' ', run.verdict || '') : cell('verdict', run.verdict)],
    ['experiment', run.experiment_id ? `${run.experiment_id} v${run.experiment_version}` : 'inline document'],
    ['submitted', h('span', {}, time(run.submitted), ` by ${run.submitted_by}`)],
    ['started', time(run.started)], ['ended', time(run.ended)],
  ];
  if (run.abort_reason) facts.push(['abort reason', run.abort_reason]);
  clear(el, h('h1', {}, run.title, ' ', h('span', { class: 'muted mono' }, run.id)),
    h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', { 'data-fact': k }, v)])), actions);
}
