import { optional } from '../api.js';
import { h, clear, table, time, badge, errorBox, poll } from '../ui.js';
import { tagList } from '../targets.js';

/**
 * The fleet's agents (GET /api/v1/agents, docs/fleet.md): name, host, addresses, tags,
 * capabilities, connected or last seen (the viewer's zone, UTC on hover), active faults with their
 * state (`unknown`: its agent is disconnected, it reverts by lease). Re-read every 5 s.
 */
export function render(main) {
  const card = h('section', { class: 'card', id: 'agent-list', 'data-api': '/api/v1/agents', 'aria-labelledby': 'agents-h' },
    h('h2', { id: 'agents-h' }, 'Agents'), h('p', { class: 'muted' }, 'Loading…'));
  clear(main, h('h1', {}, 'Fleet'), card);
  return poll(async () => {
    try {
      const r = await optional('/api/v1/agents');
      if (r === null) {
        clear(card, h('h2', { id: 'agents-h' }, 'Agents'), h('p', { class: 'unavailable' },
          'Agents are not available on this server yet (', h('code', {}, 'GET /api/v1/agents'), ' answered 404).'));
        return;
      }
      const agents = r.agents || [];
      clear(card, h('h2', { id: 'agents-h' }, `Agents (${agents.length})`),
        h('p', {}, `${r.connected} connected, ${r.active_faults} active fault${r.active_faults === 1 ? '' : 's'}. `,
          'Agents connect with ', h('code', {}, 'faultline agent'), '; a fault whose agent is gone shows ',
          badge('unknown'), ' until the agent is back or its lease reverts it.'),
        table(agents, COLUMNS, { empty: 'No agent has connected to this server yet.', caption: 'Fleet agents' }));
    } catch (e) {
      clear(card, h('h2', { id: 'agents-h' }, 'Agents'), errorBox(e));
    }
  }, 5000);
}

const COLUMNS = [
  { key: 'name', render: (a) => h('strong', { 'data-agent': a.name }, a.name) },
  { key: 'hostname', render: (a) => h('span', {}, a.hostname || '—', a.addresses && a.addresses.length
    ? [h('br'), h('span', { class: 'muted mono' }, a.addresses.join(', '))] : null), label: 'host / addresses' },
  { key: 'tags', render: (a) => tagList(a.tags) },
  { key: 'capabilities', render: (a) => capabilities(a.capabilities || {}) },
  { key: 'connected', render: (a) => h('span', {}, badge(a.connected ? 'connected' : 'disconnected'), h('br'),
    a.connected ? h('span', { class: 'muted' }, 'since ', time(a.connected_since)) : h('span', { class: 'muted' }, 'last seen ', time(a.last_seen))),
  label: 'connected / last seen' },
  { key: 'active_faults', label: 'active faults', render: (a) => faults(a.active_faults || []) },
];

function capabilities(c) {
  const types = c.fault_types || [];
  const unavailable = Object.entries(c.unavailable || {});
  return h('span', { class: 'caps' }, types.length ? types.join(', ') : h('span', { class: 'muted' }, 'no fault type'),
    c.root ? [' ', h('span', { class: 'muted' }, '(root)')] : null,
    unavailable.length ? [h('br'), h('span', { class: 'muted', title: unavailable.map(([k, v]) => `${k}: ${v}`).join('\n') },
      `unavailable: ${unavailable.map(([k]) => k).join(', ')}`)] : null,
    (c.jvms || []).length ? [h('br'), `JVMs: ${c.jvms.map((j) => `${j.name} (${j.pid})`).join(', ')}`] : null,
    (c.proxies || []).length ? [h('br'), `proxies: ${c.proxies.map((p) => `${p.url} ${p.reachable ? '✓' : '✗ unreachable'}`).join(', ')}`] : null);
}

function faults(list) {
  if (!list.length) return h('span', { class: 'muted' }, 'none');
  return h('ul', { class: 'agent-faults' }, list.map((f) => h('li', { 'data-fault': f.id }, badge(f.state), ' ', f.fault,
    f.run_id ? [' · ', h('a', { href: `#/runs/${encodeURIComponent(f.run_id)}` }, f.run_id)] : null,
    f.applied ? [' · since ', time(f.applied)] : null)));
}
