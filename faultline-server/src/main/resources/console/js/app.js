// The console's shell: sign-in state, hash routing (#/page/arg?query), navigation, halt banner.
// A page is a module exporting render(main, {args, query}) that may return a cleanup function.
import { session, signIn, signOut, onUnauthorized, api } from './api.js';
import { h, clear, time } from './ui.js';
import * as signin from './pages/signin.js';
import * as dashboard from './pages/dashboard.js';
import * as runs from './pages/runs.js';
import * as run from './pages/run.js';
import * as experiments from './pages/experiments.js';
import * as audit from './pages/audit.js';
import * as generic from './pages/generic.js';
import * as services from './pages/services.js';
import * as schedules from './pages/schedules.js';
import * as gamedays from './pages/gamedays.js';
import * as fleet from './pages/fleet.js';
import './response.js'; // registers the run page's Response section (runSections)

/**
 * The page table: where to add a page (one module in pages/, one line here, one link in
 * index.html's nav). `args` are the path parts after the first.
 */
const PAGES = {
  '': { nav: 'dashboard', title: 'Dashboard', page: dashboard },
  runs: { nav: 'runs', title: 'Runs', page: runs, detail: run },
  experiments: { nav: 'experiments', title: 'Experiments', page: experiments },
  audit: { nav: 'audit', title: 'Audit log', page: audit },
  fleet: { nav: 'fleet', title: 'Fleet', page: fleet },
  services: { nav: 'services', title: 'Services', page: services },
  schedules: { nav: 'schedules', title: 'Schedules', page: schedules },
  gamedays: { nav: 'gamedays', title: 'GameDays', page: gamedays, detail: gamedays },
};

const main = document.getElementById('main');
let cleanup = null;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { parts, query: new URLSearchParams(qs || '') };
}

async function route() {
  if (cleanup) { try { cleanup(); } catch { /* ignore */ } cleanup = null; }
  const { parts, query } = parseHash();
  if (!session.who) {
    showShell(false);
    document.title = 'Sign in · Faultline';
    cleanup = signin.render(main, { next: location.hash });
    return;
  }
  showShell(true);
  const entry = PAGES[parts[0] || ''];
  if (!entry) {
    clear(main, h('h1', {}, 'Not found'), h('p', {}, 'No console page ', h('code', {}, location.hash), '. ',
      h('a', { href: '#/' }, 'Go to the dashboard'), '.'));
    return;
  }
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === entry.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const page = parts.length > 1 && entry.detail ? entry.detail : entry.page;
  document.title = `${entry.title} · Faultline`;
  clear(main);
  main.dataset.page = parts.length > 1 && entry.detail ? entry.nav + '-detail' : entry.nav;
  cleanup = page.render(main, { args: parts.slice(1), query }) || null;
  if (document.activeElement === document.body) main.focus({ preventScroll: true });
}

function showShell(signedIn) {
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('who').hidden = !signedIn;
  if (signedIn) {
    clear(document.getElementById('who-label'), 'Signed in as ', h('strong', {}, session.who.name), ' ',
      h('span', { class: 'role', id: 'role', 'data-role': session.who.role, title: roleText(session.who.role) },
        'role: ' + session.who.role));
  } else {
    document.getElementById('halt-banner').hidden = true;
  }
}

function roleText(role) {
  return { viewer: 'may read everything, change nothing', operator: 'may also run experiments, abort runs and halt',
    admin: 'may also resume after a halt and manage tokens' }[role] || role;
}

/** The red banner on every page while chaos is halted. */
export function showHalt(state) {
  const banner = document.getElementById('halt-banner');
  banner.hidden = !state || !state.halted;
  if (state && state.halted) {
    clear(banner, h('span', { 'aria-hidden': 'true' }, '■ '), 'Chaos is HALTED since ', time(state.since),
      ` by ${state.by}: ${state.reason}. New runs are refused. `, h('a', { href: '#/' }, 'Dashboard'));
  }
}

async function refreshHalt() {
  if (!session.who) return;
  try { showHalt(await api('GET', '/api/v1/halt')); } catch { /* shown by pages */ }
}

document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  location.hash = '#/';
  route();
});
onUnauthorized(() => { signOut(); route(); });
window.addEventListener('hashchange', route);
setInterval(refreshHalt, 5000);

(async () => {
  if (session.token) {
    try { await signIn(session.token); } catch { signOut(); }
  }
  await route();
  refreshHalt();
})();

export { route };
