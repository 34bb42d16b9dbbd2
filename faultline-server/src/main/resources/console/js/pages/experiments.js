import { api, session } from '../api.js';
import { h, clear, table, time, errorBox, toast } from '../ui.js';
import { showDryPreview, refusalsView } from '../targets.js';

/**
 * Stored experiments and an editor: upload or type JSON/YAML, save (the server validates: every
 * problem shown at its line), dry run, run with variables.
 */
export function render(main, { args }) {
  const listCard = h('section', { class: 'card', id: 'experiment-list' });
  const editorCard = h('section', { class: 'card', id: 'experiment-editor', 'aria-labelledby': 'ed-h' });
  clear(main, h('h1', {}, 'Experiments'), h('div', { class: 'editor-layout' }, listCard, editorCard));
  const state = { id: args[0] || null, savedText: null };

  const loadList = () => api('GET', '/api/v1/experiments').then((r) => clear(listCard,
    h('h2', {}, `Stored (${r.experiments.length})`), table(r.experiments, [
      { key: 'title', render: (e) => h('span', {}, h('a', { href: `#/experiments/${encodeURIComponent(e.id)}` }, e.title),
        h('br'), h('span', { class: 'muted mono' }, e.id)) },
      { key: 'latest_version', label: 'v' }, { key: 'updated', render: (e) => time(e.updated) }],
    { empty: 'No experiment is stored yet.' }),
    h('p', {}, h('a', { href: '#/experiments' }, '+ New experiment'))))
    .catch((e) => clear(listCard, errorBox(e)));
  loadList();

  const operator = session.can('operator');
  const heading = h('h2', { id: 'ed-h' }, state.id ? 'Edit ' + state.id : 'New experiment');
  const file = h('input', { type: 'file', id: 'upload', accept: '.json,.yaml,.yml,application/json,application/yaml' });
  const filename = h('input', { id: 'filename', value: 'experiment.json', size: 22, pattern: '[A-Za-z0-9._-]{1,100}' });
  const syntax = h('select', { id: 'syntax' }, ['auto', 'json', 'yaml'].map((s) => h('option', { value: s }, s)));
  const gutter = h('pre', { class: 'gutter', 'aria-hidden': 'true' });
  const text = h('textarea', { id: 'source', spellcheck: 'false', wrap: 'off', 'aria-label': 'Experiment source (JSON or YAML)',
    'aria-describedby': 'problems-h', readonly: !operator });
  const editor = h('div', { class: 'editor' }, gutter, text);
  const vars = h('textarea', { id: 'vars', rows: 3, spellcheck: 'false', placeholder: 'name=value, one per line' });
  const out = h('div', { id: 'editor-result', 'aria-live': 'polite' });
  let badLines = new Map();

  const paintGutter = () => {
    const n = text.value.split('\n').length;
    const lines = [];
    for (let i = 1; i <= n; i++) {
      const bad = badLines.get(i);
      lines.push(bad ? h('span', { class: 'bad-line', 'data-line': i, title: bad }, `✗ ${i}`) : String(i), '\n');
    }
    gutter.replaceChildren(...lines.map((l) => (typeof l === 'string' ? document.createTextNode(l) : l)));
    gutter.scrollTop = text.scrollTop;
  };
  text.addEventListener('input', () => { paintGutter(); });
  text.addEventListener('scroll', () => { gutter.scrollTop = text.scrollTop; });
  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    text.value = await f.text();
    filename.value = f.name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
    syntax.value = /\.ya?ml$/i.test(f.name) ? 'yaml' : /\.json$/i.test(f.name) ? 'json' : 'auto';
    badLines = new Map();
    paintGutter();
    clear(out, h('p', { class: 'muted' }, `Loaded ${f.name} (${text.value.split('\n').length} lines). Save to validate it.`));
  });

  const syntaxOf = () => (syntax.value !== 'auto' ? syntax.value : text.value.trimStart().startsWith('{') ? 'json' : 'yaml');
  const jumpTo = (line, column) => {
    const lines = text.value.split('\n');
    let pos = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
    const start = pos + Math.max(0, (column || 1) - 1);
    text.focus();
    text.setSelectionRange(start, pos + (lines[line - 1] || '').length);
    const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 20;
    text.scrollTop = Math.max(0, (line - 3) * lineHeight);
  };
  const showProblems = (e) => {
    const problems = (e.body && e.body.problems) || [];
    badLines = new Map();
    for (const p of problems) if (p.line) badLines.set(p.line, (badLines.has(p.line) ? badLines.get(p.line) + '\n' : '') + p.message);
    paintGutter();
    clear(out, errorBox(e), problems.length ? h('div', {},
      h('h3', { id: 'problems-h' }, `${problems.length} problem(s), at their lines:`),
      h('ol', { class: 'problems', id: 'problems' }, problems.map((p) => h('li', { class: 'sev-' + p.severity, 'data-line': p.line },
        h('button', { type: 'button', title: 'Go to this line', onclick: () => jumpTo(p.line, p.column) }, `line ${p.line}:${p.column}`),
        h('code', {}, p.path || ''), ' ', p.message)))) : null);
  };
  const showRefusals = (e) => {
    const [view, lines] = refusalsView(e, text.value);
    badLines = lines;
    paintGutter();
    clear(out, view);
  };
  const handle = (e) => (e.status === 422 && e.code === 'target_refused' ? showRefusals(e)
    : e.status === 422 ? showProblems(e) : clear(out, errorBox(e)));
  const clean = () => { badLines = new Map(); paintGutter(); };

  const save = async () => {
    try {
      const opts = { contentType: syntaxOf() === 'yaml' ? 'application/yaml' : 'application/json',
        extraHeaders: { 'X-Faultline-Filename': filename.value } };
      const r = state.id
        ? await api('PUT', `/api/v1/experiments/${encodeURIComponent(state.id)}`, text.value, opts)
        : await api('POST', '/api/v1/experiments', text.value, opts);
      clean();
      state.savedText = text.value;
      const fresh = !state.id;
      state.id = r.id;
      heading.textContent = 'Edit ' + r.id;
      clear(out, h('p', { class: 'success', id: 'saved' }, `Valid. Saved as ${r.id} version ${r.latest_version}.`),
        warnings(r.warnings));
      if (fresh) history.replaceState(null, '', `#/experiments/${encodeURIComponent(r.id)}`);
      loadList();
    } catch (e) { handle(e); }
  };
  const submit = async (dry) => {
    let parsedVars;
    try { parsedVars = parseVars(vars.value); } catch (e) { clear(out, errorBox(e)); vars.focus(); return; }
    const body = state.id && state.savedText === text.value
      ? { experiment: state.id }
      : { source: text.value, syntax: syntaxOf(), filename: filename.value };
    if (Object.keys(parsedVars).length) body.vars = parsedVars;
    if (dry) body.dry = true;
    try {
      const r = await api('POST', '/api/v1/runs', body);
      clean();
      toast(`${dry ? 'Dry run' : 'Run'} ${r.id} submitted.`);
      // A dry run stays here: its preview (the agents each target would hit) is what it is for.
      if (dry) await showDryPreview(out, r.id);
      else location.hash = `#/runs/${encodeURIComponent(r.id)}`;
    } catch (e) { handle(e); }
  };

  clear(editorCard, heading,
    operator ? h('div', { class: 'actions' }, h('label', { for: 'upload' }, 'Upload a JSON or YAML file', file)) :
      h('p', { class: 'muted' }, 'Your role (viewer) may read experiments; saving and running them needs the operator role.'),
    h('div', { class: 'actions' }, h('label', { for: 'filename' }, 'File name (problems are reported under it)', filename),
      h('label', { for: 'syntax' }, 'Syntax', syntax)),
    editor,
    operator ? h('label', { for: 'vars' }, 'Variables for a run (configuration: name=value per line)', vars) : null,
    operator ? h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', id: 'save', onclick: save }, '✓ Validate & save'),
      h('button', { type: 'button', id: 'dry-run', onclick: () => submit(true) }, '○ Dry run'),
      h('button', { type: 'button', id: 'run', onclick: () => submit(false) }, '▶ Run')) : null,
    h('p', { class: 'muted' }, 'A dry run goes through the experiment without running its activities (no fault is applied) '
      + 'and previews, for each fault activity with a target, the agents it would hit and any safety-net refusal.'),
    out);
  paintGutter();

  if (state.id) {
    api('GET', `/api/v1/experiments/${encodeURIComponent(state.id)}`).then((e) => {
      text.value = e.source;
      state.savedText = e.source;
      syntax.value = e.syntax;
      filename.value = e.syntax === 'yaml' ? 'experiment.yaml' : 'experiment.json';
      heading.textContent = `Edit ${e.title} (${e.id}, version ${e.latest_version})`;
      paintGutter();
    }).catch((e) => clear(out, errorBox(e)));
  }
}

function warnings(list) {
  if (!list || !list.length) return null;
  return h('ol', { class: 'problems' }, list.map((p) => h('li', { class: 'sev-warning' }, `line ${p.line}: ${p.message}`)));
}

/** name=value lines to an object; a value that reads as JSON (numbers, true, {"a":1}) is taken as such. */
export function parseVars(raw) {
  const vars = {};
  raw.split('\n').forEach((line, i) => {
    const s = line.trim();
    if (!s || s.startsWith('#')) return;
    const eq = s.indexOf('=');
    if (eq <= 0) throw new Error(`Variables, line ${i + 1}: expected name=value, got "${s}"`);
    const value = s.slice(eq + 1).trim();
    let parsed = value;
    try { parsed = JSON.parse(value); } catch { parsed = value; }
    vars[s.slice(0, eq).trim()] = parsed;
  });
  return vars;
}
