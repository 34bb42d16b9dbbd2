import { api, optional, session } from '../api.js';
import { h, clear, table, time, badge, expiry, errorBox, toast } from '../ui.js';

/**
 * Schedules (next run in the viewer's zone, UTC on hover; expiry with a warning within 7 days;
 * Renew for operators), blackout calendars and incident pauses (active ones first, with their cause).
 * GET /api/v1/schedules, /calendars, /pauses (docs/continuous.md).
 */
export function render(main) {
  const cards = {
    schedules: h('section', { class: 'card', id: 'schedule-list', 'data-api': '/api/v1/schedules' }),
    calendars: h('section', { class: 'card', id: 'calendar-list', 'data-api': '/api/v1/calendars' }),
    pauses: h('section', { class: 'card', id: 'pause-list', 'data-api': '/api/v1/pauses' }),
  };
  const titles = { schedules: 'Schedules', calendars: 'Blackout calendars', pauses: 'Incident pauses' };
  for (const [k, c] of Object.entries(cards)) clear(c, h('h2', {}, titles[k]), h('p', { class: 'muted' }, 'Loading…'));
  clear(main, h('h1', {}, 'Schedules and calendars'), cards.pauses, cards.schedules, cards.calendars);
  let stopped = false;

  const part = async (key, path, show) => {
    try {
      const r = await optional(path);
      if (stopped) return;
      if (r === null) {
        clear(cards[key], h('h2', {}, titles[key]), h('p', { class: 'unavailable' }, `${titles[key]} are not available on this `
          + 'server yet (', h('code', {}, 'GET ' + path), ' answered 404).'));
        return;
      }
      show(cards[key], r[key] || []);
    } catch (e) {
      if (!stopped) clear(cards[key], h('h2', {}, titles[key]), errorBox(e));
    }
  };
  const load = () => Promise.all([
    part('schedules', '/api/v1/schedules', (el, list) => schedules(el, list, load)),
    part('calendars', '/api/v1/calendars', calendars),
    part('pauses', '/api/v1/pauses', pauses)]);
  load();
  return () => { stopped = true; };
}

function schedules(el, list, reload) {
  const cols = [
    { key: 'service', render: (s) => h('span', {}, h('strong', {}, s.service), h('br'), h('span', { class: 'muted id' }, s.id)) },
    { key: 'owner' },
    { key: 'when', render: (s) => (s.kind === 'cron' || s.cron
      ? h('span', {}, h('code', {}, s.cron), h('span', { class: 'muted' }, ` (${s.time_zone || 'UTC'})`))
      : h('span', {}, 'once, at a random time between ', time(s.window_start), ' and ', time(s.window_end))) },
    { key: 'experiment', render: (s) => (s.experiment ? h('a', { href: `#/experiments/${encodeURIComponent(s.experiment)}` }, s.experiment)
      : h('span', { class: 'muted' }, 'inline document')) },
    { key: 'state', render: (s) => h('span', {}, badge(s.state), s.force ? h('span', { class: 'muted' }, ' (forced through blackouts)') : null) },
    { key: 'next_due', label: 'next run', render: (s) => (s.state === 'active' ? time(s.next_due) : h('span', { class: 'muted' }, '—')) },
    { key: 'expires', render: (s) => expiry(s.expires) },
    { key: 'last_run', label: 'last run', render: (s) => (s.last_run_id
      ? h('span', {}, h('a', { class: 'id', href: `#/runs/${encodeURIComponent(s.last_run_id)}` }, s.last_run_id), h('br'), time(s.last_run))
      : h('span', { class: 'muted' }, 'not yet')) },
  ];
  if (session.can('operator')) {
    cols.push({ key: 'actions', render: (s) => (s.state === 'done' ? null : h('button', { type: 'button', class: 'renew',
      'data-schedule': s.id, onclick: async () => {
        try {
          await api('POST', `/api/v1/schedules/${encodeURIComponent(s.id)}/renew`);
          toast(`Schedule ${s.id} renewed for 30 days.`);
        } catch (e) { toast('Renew failed: ' + e.message); }
        await reload();
        document.querySelector(`button[data-schedule="${CSS.escape(s.id)}"]`)?.focus();
      } }, '↻ Renew')) });
  }
  clear(el, h('h2', {}, `Schedules (${list.length})`),
    h('p', { class: 'muted' }, 'Times are in your time zone; hover for UTC. A schedule not renewed for 30 days expires.'),
    table(list, cols, { empty: 'No schedule yet.', caption: 'Schedules' }));
}

function calendars(el, list) {
  clear(el, h('h2', {}, `Blackout calendars (${list.length})`),
    h('p', { class: 'muted' }, 'No scheduled run starts inside a blackout (unless its schedule is forced).'),
    table(list, [
      { key: 'id', render: (b) => h('span', { class: 'mono' }, b.id) },
      { key: 'scope', render: (b) => (b.team ? `team ${b.team}` : 'global') },
      { key: 'kind', render: (b) => ({ weekends: 'weekends', outside_hours: 'outside business hours', holiday: 'holiday',
        freeze: 'change freeze' }[b.kind] || b.kind) },
      { key: 'rule', render: (b) => rule(b) },
      { key: 'reason', render: (b) => b.reason || h('span', { class: 'muted' }, '—') },
      { key: 'created_by', label: 'by' }], { empty: 'No blackout rule: scheduled chaos may run at any time.', caption: 'Blackout rules' }));
}

function rule(b) {
  switch (b.kind) {
    case 'weekends': return `Saturday and Sunday (${b.time_zone})`;
    case 'outside_hours': return `before ${b.start_hour}:00 and from ${b.end_hour}:00 (${b.time_zone})`;
    case 'holiday': return `${b.day} (${b.time_zone})`;
    case 'freeze': return h('span', {}, time(b.start), ' to ', time(b.end));
    default: return b.description || '';
  }
}

function pauses(el, list) {
  const active = list.filter((p) => p.active);
  clear(el, h('h2', {}, `Incident pauses (${active.length} active, ${list.length} in all)`),
    active.length ? h('p', { class: 'gap-flag', id: 'paused-now' }, badge('paused now'),
      ` Scheduled chaos is paused for ${[...new Set(active.flatMap((p) => p.services))].join(', ')} while an incident is open.`)
      : h('p', { class: 'muted' }, 'No incident pauses scheduled chaos now.'),
    table([...active, ...list.filter((p) => !p.active)], [
      { key: 'active', label: 'state', render: (p) => badge(p.active ? 'paused' : 'ended') },
      { key: 'cause' }, { key: 'services', render: (p) => (p.services.includes('*') ? 'every service' : p.services.join(', ')) },
      { key: 'source', render: (p) => h('span', {}, p.source, h('br'), h('span', { class: 'muted mono' }, p.signal_key)) },
      { key: 'started', render: (p) => time(p.started) },
      { key: 'ends', render: (p) => (p.ends ? time(p.ends) : h('span', {}, 'when the incident resolves')) },
      { key: 'aborted_runs', label: 'runs stopped', render: (p) => (p.aborted_runs.length
        ? p.aborted_runs.map((id, i) => [i ? ', ' : '', h('a', { class: 'id', href: `#/runs/${encodeURIComponent(id)}` }, id)])
        : h('span', { class: 'muted' }, 'none')) }],
    { empty: 'No incident has paused scheduled chaos.', caption: 'Incident pauses' }));
}
