import { api, optional } from './api.js';
import { h, clear, errorBox } from './ui.js';

/**
 * Targets on the experiments page (docs/targets.md): the dry run's preview of the agents each
 * targeted fault activity would hit, and a real run's 422 target_refused shown by activity.
 */

const LIVE = ['queued', 'running', 'aborting'];

/**
 * Waits for a dry run to end (a dry run applies nothing: it ends in moments), then renders from its
 * journal the `faultline_target` of every targeted activity, with the agents' tags from the fleet API.
 */
export async function showDryPreview(box, runId, { timeoutMs = 30000, everyMs = 200 } = {}) {
  const runLink = h('a', { href: `#/runs/${encodeURIComponent(runId)}` }, runId);
  clear(box, h('p', { class: 'muted', id: 'dry-pending' }, 'Dry run ', runLink, ' submitted: resolving the targets…'));
  const deadline = Date.now() + timeoutMs;
  let run;
  for (;;) {
    run = await api('GET', `/api/v1/runs/${encodeURIComponent(runId)}`);
    if (!LIVE.includes(run.status)) break;
    if (Date.now() > deadline) {
      clear(box, h('p', { class: 'error', role: 'alert' }, `Dry run ${runId} is still ${run.status} after `
        + `${timeoutMs / 1000} s; its run page shows it as it goes: `, runLink));
      return;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  let journal;
  try {
    journal = await api('GET', `/api/v1/runs/${encodeURIComponent(runId)}/journal`);
  } catch (e) {
    clear(box, errorBox(e), h('p', {}, 'The run page has what is known: ', runLink));
    return;
  }
  const fleet = await optional('/api/v1/agents').catch(() => null);
  renderPreview(box, runId, journal, fleet ? fleet.agents || [] : []);
}

/** The preview from a journal: one section per activity whose entry has `faultline_target`. */
export function renderPreview(box, runId, journal, agents) {
  const byName = new Map(agents.map((a) => [a.name, a]));
  const targeted = (journal.run || []).filter((e) => e && e.faultline_target);
  const heading = h('h3', { id: 'dry-preview-h', tabindex: '-1' }, 'Dry-run preview: the agents each target would hit',
    runId ? [' (', h('a', { href: `#/runs/${encodeURIComponent(runId)}` }, runId), ')'] : null);
  const parts = targeted.map((e) => activityPreview(e.activity && e.activity.name, e.faultline_target, byName));
  clear(box, h('section', { id: 'dry-preview', 'aria-labelledby': 'dry-preview-h', 'data-targeted': targeted.length },
    heading,
    targeted.length ? null : h('p', { class: 'muted' }, 'No fault activity has a target: the dry run sends nothing to agents.'),
    parts));
  heading.focus();
}

function activityPreview(name, t, byName) {
  const chosen = t.chosen || [];
  const refusal = t.would_be_refused || t.refused;
  const status = t.fleet === 'none' ? ['○', 'no fleet'] : refusal ? ['⛔', 'would be refused']
    : chosen.length ? ['◎', `would hit ${chosen.length} agent${chosen.length === 1 ? '' : 's'}`] : ['○', 'hits no agent'];
  const facts = [
    ['seed', t.seed === undefined ? '—' : `${t.seed}${t.seed_from ? ` (${t.seed_from === 'file' ? 'from the file' : 'drawn'})` : ''}`],
    ['mode', t.mode], ['connected candidates', t.candidates], ['carrying the tags', t.carrying_tags],
    ['matching', t.matching]].filter(([, v]) => v !== undefined && v !== null);
  return h('article', { class: 'target-preview', 'data-activity': name || '', 'data-refused': refusal ? 'true' : 'false' },
    h('h4', {}, h('span', { class: `badge ${refusal ? 'bad' : chosen.length ? 'live' : 'neutral'}` },
      h('span', { 'aria-hidden': 'true' }, status[0]), status[1]), ' ', `activity '${name}'`),
    t.fleet === 'none' ? h('p', { class: 'muted' }, t.note || 'This run has no fleet.') : null,
    h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', { 'data-fact': k.split(' ')[0] }, String(v))])),
    chosen.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'stack chosen-agents' },
      h('caption', {}, refusal ? `Agents the draw chose, which the safety net refuses (${chosen.length})`
        : `Agents it would hit, in draw order (${chosen.length})`),
      h('thead', {}, h('tr', {}, ['#', 'agent', 'tags', 'hostname'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, chosen.map((agent, i) => {
        const a = byName.get(agent);
        return h('tr', { 'data-agent': agent }, h('td', { 'data-label': '#' }, String(i + 1)),
          h('td', { 'data-label': 'agent' }, h('strong', {}, agent)),
          h('td', { 'data-label': 'tags' }, a ? tagList(a.tags) : h('span', { class: 'muted' }, 'not connected now')),
          h('td', { 'data-label': 'hostname' }, a && a.hostname ? a.hostname : '—'));
      })))) : null,
    t.excluded_server_host && t.excluded_server_host.length ? h('p', { class: 'excluded' },
      h('span', { 'aria-hidden': 'true' }, '⤫ '), 'Left out of the draw as the Faultline server\'s own host: ',
      t.excluded_server_host.join(', ')) : null,
    refusal ? h('p', { class: 'error refusal', role: 'alert' }, 'Safety net: ', refusal) : null);
}

/** Tags as key=value chips (words, not colours). */
export function tagList(tags) {
  const entries = Object.entries(tags || {});
  if (!entries.length) return h('span', { class: 'muted' }, 'no tags');
  return h('ul', { class: 'tags' }, entries.map(([k, v]) => h('li', { class: 'tag' }, `${k}=${v}`)));
}

/**
 * A real run refused with 422 target_refused: each refusal next to its activity (its path
 * `method[i].target`, the activity's name from the message), and the line of the activity's
 * name in the editor, so the gutter can mark it. Returns [element, Map line → message].
 */
export function refusalsView(e, sourceText) {
  const problems = (e.body && e.body.problems) || [];
  const lines = new Map();
  const items = problems.map((p) => {
    const m = /^activity '([^']*)': ([\s\S]*)$/.exec(p.message || '');
    const name = m ? m[1] : null;
    const line = name ? lineOfName(sourceText, name) : null;
    if (line) lines.set(line, p.message);
    return h('li', { 'data-activity': name || '', 'data-path': p.path || '', 'data-line': line || '' },
      h('strong', {}, name ? `activity '${name}'` : p.path), ' ', h('code', {}, p.path || ''),
      line ? [' (line ', String(line), ')'] : null, h('br'), h('span', { class: 'refusal' }, m ? m[2] : p.message));
  });
  return [h('div', { id: 'target-refusals' }, h('div', { class: 'error', role: 'alert' }, `${e.status} ${e.code}: `, e.message),
    h('h3', {}, 'Refused by a safety net, by activity (nothing was run):'),
    h('ol', { class: 'problems' }, items),
    h('p', { class: 'muted' }, 'A dry run shows which agents each target would hit now; "unsafe": true on the activity turns the nets off for it.')),
  lines];
}

/** The 1-based line where an activity's `name` is written (JSON or YAML), or null. */
function lineOfName(text, name) {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[\\s{,-])"?name"?\\s*:\\s*["']?${esc}["']?\\s*(,|}|$)`);
  const lines = (text || '').split('\n');
  for (let i = 0; i < lines.length; i++) if (re.test(lines[i])) return i + 1;
  return null;
}
