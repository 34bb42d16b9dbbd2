import { api, session } from '../api.js';
import { h, clear, table, time, badge, duration, errorBox, toast, poll } from '../ui.js';

/**
 * GameDays (docs/response.md): the list and a create form (experiments, participants, facilitator);
 * one GameDay's page with the participant's private prediction form before the start, Start for
 * the facilitator, and after every run ended the server's reveal with scores. This page only shows
 * predictions the server returns — it returns none (`predictions: null`) before the reveal, to
 * anyone, so nothing here can leak them.
 */
export function render(main, { args }) {
  return args.length ? detail(main, args[0]) : list(main);
}

function list(main) {
  const listCard = h('section', { class: 'card', id: 'gameday-list', 'data-api': '/api/v1/gamedays' },
    h('h2', {}, 'GameDays'), h('p', { class: 'muted' }, 'Loading…'));
  clear(main, h('h1', {}, 'GameDays'), h('p', { class: 'muted' }, 'A GameDay runs experiments while each participant has '
    + 'written down, privately and before the start, what they expect. Predictions are revealed when every run has ended.'),
  listCard);
  api('GET', '/api/v1/gamedays').then((r) => clear(listCard, h('h2', {}, `GameDays (${r.gamedays.length})`),
    table(r.gamedays, [
      { key: 'title', render: (g) => h('a', { href: `#/gamedays/${encodeURIComponent(g.id)}` }, g.title) },
      { key: 'status', render: (g) => badge(g.status) },
      { key: 'facilitator' },
      { key: 'predicted', render: (g) => `${g.predicted.length} of ${g.participants.length}` },
      { key: 'created', render: (g) => time(g.created) }, { key: 'started', render: (g) => time(g.started) }],
    { empty: 'No GameDay yet.', caption: 'GameDays' })))
    .catch((e) => clear(listCard, h('h2', {}, 'GameDays'), e.status === 404
      ? h('p', { class: 'unavailable' }, 'GameDays are not available on this server yet.') : errorBox(e)));
  if (session.can('operator')) main.append(createForm());
}

function createForm() {
  const card = h('section', { class: 'card', id: 'gameday-create', 'aria-labelledby': 'gd-new-h' });
  const title = h('input', { id: 'gd-title', required: true, maxlength: 200 });
  const experiments = h('select', { id: 'gd-experiments', multiple: true, size: 5, required: true });
  const participants = h('input', { id: 'gd-participants', required: true, placeholder: 'alice, bob' });
  const facilitator = h('input', { id: 'gd-facilitator', value: session.who.name });
  const problem = h('div');
  api('GET', '/api/v1/experiments').then((r) => experiments.append(...r.experiments.map((e) =>
    h('option', { value: e.id }, `${e.title} (${e.id})`)))).catch((e) => problem.append(errorBox(e)));
  const form = h('form', { class: 'stacked', onsubmit: async (ev) => {
    ev.preventDefault();
    clear(problem);
    const body = { title: title.value.trim(), experiments: [...experiments.selectedOptions].map((o) => o.value),
      participants: participants.value.split(/[\s,]+/).filter(Boolean), facilitator: facilitator.value.trim() || undefined };
    try {
      const g = await api('POST', '/api/v1/gamedays', body);
      toast(`GameDay ${g.id} created.`);
      location.hash = `#/gamedays/${encodeURIComponent(g.id)}`;
    } catch (e) { problem.append(errorBox(e)); }
  } },
  h('label', { for: 'gd-title' }, 'Title', title),
  h('label', { for: 'gd-experiments' }, 'Experiments (stored; Ctrl/⌘ or Shift to pick several)', experiments),
  h('label', { for: 'gd-participants' }, 'Participants (token names, comma-separated)', participants),
  h('label', { for: 'gd-facilitator' }, 'Facilitator (token name; starts the GameDay)', facilitator),
  problem, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'gd-create' }, '+ Create GameDay')));
  return clear(card, h('h2', { id: 'gd-new-h' }, 'New GameDay'), form);
}

function detail(main, id) {
  const head = h('section', { class: 'card', id: 'gameday' }, h('p', { class: 'muted' }, 'Loading…'));
  const predictCard = h('section', { class: 'card', id: 'gameday-predict', hidden: true });
  const revealCard = h('section', { class: 'card', id: 'gameday-reveal', 'aria-live': 'polite' });
  clear(main, h('p', {}, h('a', { href: '#/gamedays' }, '← GameDays')), head, predictCard, revealCard);
  let formShown = false;
  let stop = () => {};

  const load = async () => {
    let g;
    try {
      g = await api('GET', `/api/v1/gamedays/${encodeURIComponent(id)}`);
    } catch (e) {
      clear(head, errorBox(e));
      return;
    }
    renderHead(head, g, load);
    const me = session.who.name;
    if (g.status === 'planned' && g.participants.includes(me)) {
      if (!formShown) { predictionForm(predictCard, g, load); formShown = true; }
      predictCard.hidden = false;
    } else {
      predictCard.hidden = true;
    }
    renderReveal(revealCard, g);
    if (g.status === 'ended') stop();
  };
  stop = poll(load, 3000);
  return () => stop();
}

function renderHead(el, g, reload) {
  const me = session.who.name;
  const actions = h('div', { class: 'actions' });
  if (g.status === 'planned' && (me === g.facilitator || session.can('admin')) && session.can('operator')) {
    actions.append(h('button', { type: 'button', class: 'primary', id: 'gd-start', onclick: async () => {
      try {
        await api('POST', `/api/v1/gamedays/${encodeURIComponent(g.id)}/start`);
        toast('GameDay started: its runs are submitted; predictions are now closed.');
      } catch (e) { toast('Start failed: ' + e.message); }
      await reload();
      document.getElementById('gd-status')?.focus();
    } }, '▶ Start GameDay'));
  }
  clear(el, h('h1', {}, g.title, ' ', h('span', { class: 'muted mono' }, g.id)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'status'), h('dd', { id: 'gd-status', tabindex: '-1', 'data-status': g.status }, badge(g.status)),
      h('dt', {}, 'facilitator'), h('dd', {}, g.facilitator),
      h('dt', {}, 'experiments'), h('dd', {}, g.experiments.map((x, i) => [i ? ', ' : '',
        h('a', { href: `#/experiments/${encodeURIComponent(x)}` }, x)])),
      h('dt', {}, 'created'), h('dd', {}, time(g.created)),
      h('dt', {}, 'started'), h('dd', {}, time(g.started)),
      h('dt', {}, 'runs'), h('dd', {}, g.runs.length ? g.runs.map((r, i) => [i ? ' ' : '',
        h('a', { class: 'id', href: `#/runs/${encodeURIComponent(r.id)}` }, r.id), ' ', badge(r.status || 'unknown')])
        : h('span', { class: 'muted' }, 'none yet (submitted at the start)'))),
    h('h2', {}, 'Participants'),
    h('ul', { class: 'participants', id: 'gd-participants-list' }, g.participants.map((p) => h('li', { 'data-participant': p },
      p, ' ', g.predicted.includes(p) ? badge('predicted') : h('span', { class: 'badge neutral' }, h('span', { 'aria-hidden': 'true' }, '…'),
        'no prediction yet')))),
    actions);
}

function predictionForm(card, g, reload) {
  const yesNo = (name, legend) => h('fieldset', { class: 'yes-no' }, h('legend', {}, legend),
    h('label', { class: 'inline' }, h('input', { type: 'radio', name, value: 'true', id: `${name}-yes` }), 'yes'),
    h('label', { class: 'inline' }, h('input', { type: 'radio', name, value: 'false', id: `${name}-no` }), 'no'));
  const within = h('input', { id: 'gd-within', name: 'detect_within', placeholder: '2m', size: 8 });
  const notes = h('textarea', { id: 'gd-notes', name: 'notes', rows: 3, maxlength: 4000 });
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'stacked', id: 'prediction-form', onsubmit: async (ev) => {
    ev.preventDefault();
    const pick = (n) => form.querySelector(`input[name="${n}"]:checked`);
    if (!pick('steady_state_holds') || !pick('alert_fires')) {
      clear(result, h('p', { class: 'error', role: 'alert' }, 'Answer both yes/no questions.'));
      return;
    }
    const body = { steady_state_holds: pick('steady_state_holds').value === 'true', alert_fires: pick('alert_fires').value === 'true',
      detect_within: within.value.trim() || undefined, notes: notes.value.trim() || undefined };
    try {
      await api('POST', `/api/v1/gamedays/${encodeURIComponent(g.id)}/predictions`, body);
      clear(result, h('p', { class: 'success', id: 'prediction-recorded' }, 'Your prediction is recorded, privately. '
        + 'You may replace it until the GameDay starts.'));
    } catch (e) { clear(result, errorBox(e)); }
    reload();
  } },
  yesNo('steady_state_holds', 'Will the steady state hold?'), yesNo('alert_fires', 'Will an alert fire?'),
  h('label', { for: 'gd-within' }, 'If so, within (e.g. 90s, 2m)', within),
  h('label', { for: 'gd-notes' }, 'Notes (what you expect and why)', notes),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'gd-predict' }, 'Submit my prediction')), result);
  clear(card, h('h2', {}, 'Your private prediction'),
    h('p', { class: 'muted' }, 'Nobody — other participants, the facilitator, admins — sees it until every run of the GameDay has ended.'),
    form);
}

export function renderReveal(card, g) {
  if (!Array.isArray(g.predictions)) {
    clear(card, h('h2', {}, 'Predictions'), h('p', { id: 'predictions-hidden' }, h('span', { 'aria-hidden': 'true' }, '🔒 '),
      `Hidden until ${g.predictions_hidden_until || 'every run has ended'}. `, `${g.predicted.length} of ${g.participants.length} `
        + 'participants have predicted.'));
    return;
  }
  const o = g.outcome || {};
  clear(card, h('h2', {}, 'Outcome and predictions'),
    h('dl', { class: 'facts', id: 'gd-outcome' },
      h('dt', {}, 'steady state held'), h('dd', {}, badge(o.steady_state_held ? 'yes' : 'no')),
      h('dt', {}, 'an alert fired'), h('dd', {}, badge(o.alert_fired ? 'yes' : 'no')),
      h('dt', {}, 'fastest time to detect'), h('dd', {}, duration(o.time_to_detect_ms))),
    table(g.predictions, [
      { key: 'participant' },
      { key: 'steady_state_holds', label: 'steady state holds?', render: (p) => mark(p.steady_state_holds, o.steady_state_held) },
      { key: 'alert_fires', label: 'alert fires?', render: (p) => mark(p.alert_fires, o.alert_fired) },
      { key: 'detect_within_ms', label: 'detected within', render: (p) => (p.detect_within_ms === null ? h('span', { class: 'muted' }, '—')
        : h('span', {}, duration(p.detect_within_ms), ' ', p.detected_within_prediction === null ? ''
          : badge(p.detected_within_prediction ? 'right' : 'wrong'))) },
      { key: 'notes', render: (p) => p.notes || h('span', { class: 'muted' }, '—') },
      { key: 'score', render: (p) => h('strong', { 'data-score': p.score }, `${p.score} / ${p.score_possible}`) }],
    { empty: 'Nobody predicted.', caption: 'Revealed predictions with scores' }));
}

/** A predicted yes/no next to whether it was right (icon + word). */
function mark(predicted, actual) {
  return h('span', {}, predicted ? 'yes' : 'no', ' ', badge(predicted === actual ? 'right' : 'wrong'));
}
