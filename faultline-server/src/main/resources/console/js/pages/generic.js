import { optional } from '../api.js';
import { h, clear, table, errorBox, cell, humanize } from '../ui.js';

/**
 * Pages over APIs that grow with the server: each part is a GET answering a JSON array of objects,
 * or an object holding one under the part's name (other fields shown too: numbers and words as
 * facts, other lists as their own tables). Columns are the objects' keys (snake_case), times
 * formatted, statuses as badges. A 404 means this server does not have that API yet.
 */
const SECTIONS = {
  fleet: { title: 'Fleet', parts: [['Agents', '/api/v1/agents', 'agents']] },
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
          clear(card, ...answer(title, key, r));
        }).catch((e) => clear(card, h('h2', {}, title), errorBox(e)));
        return card;
      });
      clear(main, h('h1', {}, spec.title), cards);
    },
  };
}

const isRecord = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Any JSON answer as a heading, facts and tables. */
export function answer(title, key, r) {
  if (Array.isArray(r)) return [h('h2', {}, `${title} (${r.length})`), rows(r, title)];
  if (!isRecord(r)) return [h('h2', {}, title), h('p', {}, String(r))];
  const out = [];
  const primary = Array.isArray(r[key]) ? r[key] : null;
  out.push(h('h2', {}, primary ? `${title} (${primary.length})` : title));
  const facts = Object.entries(r).filter(([k, v]) => k !== key && (v === null || typeof v !== 'object'
    || (isRecord(v) && Object.values(v).every((x) => x === null || typeof x !== 'object'))));
  if (facts.length) {
    out.push(h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, humanize(k)), h('dd', {}, cell(k, v))])));
  }
  if (primary) out.push(rows(primary, title));
  for (const [k, v] of Object.entries(r)) {
    if (k === key) continue;
    if (Array.isArray(v)) out.push(h('h3', {}, `${humanize(k)} (${v.length})`), rows(v, humanize(k)));
    else if (isRecord(v) && Object.values(v).some((x) => x !== null && typeof x === 'object')) {
      // a map of name → object becomes a table with the name as first column
      const list = Object.entries(v).map(([name, x]) => (isRecord(x) ? { name, ...x } : { name, value: x }));
      out.push(h('h3', {}, humanize(k)), rows(list, humanize(k)));
    }
  }
  return out;
}

function rows(list, title) {
  if (list.every((x) => isRecord(x))) return table(list, null, { empty: `No ${title.toLowerCase()} yet.` });
  return table(list.map((value) => ({ value })), null, { empty: `No ${title.toLowerCase()} yet.` });
}
