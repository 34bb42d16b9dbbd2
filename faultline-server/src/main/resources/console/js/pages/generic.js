import { optional } from '../api.js';
import { h, clear, table, errorBox } from '../ui.js';

/**
 * Pages over APIs that grow with the server: each section is a GET answering a JSON array of
 * objects (or {"<name>": [...]}) with snake_case keys, shown as a table whose columns are the keys
 * (times formatted, statuses as badges). A 404 means this server does not have that API yet.
 */
const SECTIONS = {
  fleet: { title: 'Fleet', parts: [['Agents', '/api/v1/agents', 'agents']] },
  services: { title: 'Services', parts: [['Services', '/api/v1/services', 'services'], ['Coverage', '/api/v1/coverage', 'coverage']] },
  schedules: { title: 'Schedules and calendars', parts: [['Schedules', '/api/v1/schedules', 'schedules'],
    ['Calendars', '/api/v1/calendars', 'calendars'], ['Pauses', '/api/v1/pauses', 'pauses']] },
};

export function page(name) {
  const spec = SECTIONS[name];
  return {
    render(main) {
      const cards = spec.parts.map(([title, path, key]) => {
        const card = h('section', { class: 'card', 'data-api': path }, h('h2', {}, title), h('p', { class: 'muted' }, 'Loading…'));
        optional(path).then((r) => {
          if (r === null) {
            clear(card, h('h2', {}, title), h('p', { class: 'unavailable' }, `${title} are not available on this server yet (`,
              h('code', {}, 'GET ' + path), ' answered 404).'));
            return;
          }
          const rows = Array.isArray(r) ? r : Array.isArray(r[key]) ? r[key] : [r];
          clear(card, h('h2', {}, `${title} (${rows.length})`), table(rows, null, { empty: `No ${title.toLowerCase()} yet.` }));
        }).catch((e) => clear(card, h('h2', {}, title), errorBox(e)));
        return card;
      });
      clear(main, h('h1', {}, spec.title), cards);
    },
  };
}
