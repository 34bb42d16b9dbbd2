// The web console in a real headless Chromium, against a real server, a real fault proxy and a
// real local HTTP service (all started by ConsoleBrowserTest, which passes them in the environment).
// Exits non-zero on the first failed check; prints RESULT {json} with the measured figures.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is required (ConsoleBrowserTest sets it)`);
  return v;
};
const BASE = env('FAULTLINE_URL');
const TOKENS = { admin: env('ADMIN_TOKEN'), operator: env('OPERATOR_TOKEN'), viewer: env('VIEWER_TOKEN') };
const PROXY_API = env('PROXY_API');
const PROXY = env('PROXY_NAME');
const SERVICE_URL = env('SERVICE_URL');
const SHOTS = env('SCREENSHOT_DIR');
const AGENT_COUNT = Number(process.env.AGENT_COUNT || '2'); // web-1 (in-process, the server's host), web-2, sims
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const results = {};
let targetsMs = 0; // time spent in the fleet/targets steps (reported in RESULT)
let addedMs = 0; // time spent in the response/services/schedules/GameDay steps (reported in RESULT)
const timed = async (f) => { const t0 = Date.now(); try { return await f(); } finally { addedMs += Date.now() - t0; } };
const problemsSeen = [];

function check(cond, message) {
  if (!cond) throw new Error('check failed: ' + message);
  console.log('ok - ' + message);
}

async function until(what, f, timeoutMs = 15000, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function apiAs(role, method, path, body) {
  const r = await fetch(BASE + path, { method, headers: { Authorization: 'Bearer ' + TOKENS[role],
    'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: await r.json().catch(() => null) };
}

async function toxics() {
  const r = await fetch(`${PROXY_API}/proxies/${PROXY}/toxics`);
  if (!r.ok) throw new Error(`proxy API answered ${r.status}`);
  return r.json();
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: false });
  console.log(`screenshot ${name}.png`);
}

function watch(page, who) {
  page.on('pageerror', (e) => problemsSeen.push(`${who}: page error: ${e.message}`));
  page.on('console', (m) => {
    // 4xx answers the scenario provokes on purpose are logged by Chromium as failed resources.
    if (m.type() === 'error' && !/status of (401|403|404|409|422)/.test(m.text())) problemsSeen.push(`${who}: console error: ${m.text()}`);
  });
}

async function signIn(page, role) {
  await page.goto(BASE + '/');
  await page.waitForSelector('#signin-form');
  await page.fill('#token', TOKENS[role]);
  await page.press('#token', 'Enter');
  await page.waitForSelector(`#role[data-role="${role}"]`);
  const label = await page.textContent('#role');
  check(label.includes(role), `${role} signed in, role shown as "${label.trim()}"`);
}

const BROKEN = readFileSync(new URL('./broken.yaml', import.meta.url), 'utf8');
const FIXED = readFileSync(new URL('./fixed.yaml', import.meta.url), 'utf8');

mkdirSync(SHOTS, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'faultline-console-e2e-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
  viewport: { width: 1280, height: 800 },
  acceptDownloads: true,
  timezoneId: 'Europe/Berlin',
});
let exitCode = 0;
try {
  // --- sign-in: a wrong token is refused, no secret on the page ---
  const op = await context.newPage();
  watch(op, 'operator');
  await op.goto(BASE + '/');
  await op.waitForSelector('#signin-form');
  const html = await op.content();
  check(!Object.values(TOKENS).some((t) => html.includes(t)), 'the sign-in page holds no token');
  await shot(op, '01-sign-in');
  await op.fill('#token', 'flt_not_a_real_token');
  await op.press('#token', 'Enter');
  await op.waitForSelector('.error');
  check((await op.textContent('.error')).includes('not known'), 'a wrong token is refused with the server\'s message');
  await op.fill('#token', TOKENS.operator);
  await op.click('button[type=submit]');
  await op.waitForSelector('#role[data-role="operator"]');
  check(await op.evaluate(() => document.cookie === ''), 'no cookie is set: the token lives in sessionStorage');
  await op.waitForSelector('#halt-all');
  check(await op.locator('#resume').count() === 0, 'an operator sees HALT ALL and no Resume');

  // --- dashboard first paint with the seeded runs (reported, not asserted) ---
  await op.reload();
  await op.waitForSelector('#halt-all');
  await op.waitForFunction(() => performance.getEntriesByName('faultline-dashboard-rendered').length > 0);
  Object.assign(results, await op.evaluate(() => ({
    first_paint_ms: Math.round(performance.getEntriesByName('first-paint')[0]?.startTime ?? -1),
    first_contentful_paint_ms: Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1),
    dashboard_data_rendered_ms: Math.round(performance.getEntriesByName('faultline-dashboard-rendered')[0].startTime),
    dom_content_loaded_ms: Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd),
  })));
  await shot(op, '02-dashboard');

  // --- fleet and targets: the agents with their tags; a dry run previews which agent a target hits ---
  const targetsStart = Date.now();
  await op.goto(`${BASE}/#/fleet`);
  await op.waitForSelector('#agent-list [data-agent="web-2"]');
  const fleetRows = await op.$$eval('#agent-list tbody tr', (trs) => trs.map((tr) => tr.textContent));
  const web2 = fleetRows.find((t) => t.includes('web-2')) || '';
  check(fleetRows.length === AGENT_COUNT && /service=checkout/.test(web2) && /zone=b/.test(web2) && /●connected/.test(web2)
    && /sim-fault/.test(web2), `the fleet page lists ${AGENT_COUNT} agents, web-2 with its tags and capabilities (${web2})`);
  const since = await op.$eval('#agent-list tr:has([data-agent="web-1"]) time', (t) => t.title);
  check(/^UTC \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/.test(since), `connected since in local time, UTC on hover (${since})`);
  await shot(op, '02b-fleet');
  await op.goto(`${BASE}/#/`);
  await op.waitForSelector('#agents a[href="#/fleet"]');
  check(/web-2.*sim-host.*service=checkout/.test(await op.textContent('#agents')), 'the dashboard lists the connected agents with their tags');
  await op.goto(`${BASE}/#/experiments`);
  await op.waitForSelector('#source');
  const fault = { type: 'fault', fault: 'file-move', parameters: { path: '/srv/checkout/feature-flags.json' }, duration: '5s' };
  await op.fill('#source', JSON.stringify({ title: 'targeted preview', description: 'e2e', method: [
    { type: 'action', name: 'flags-gone-on-one-checkout-host', provider: fault, target: { tags: { service: 'checkout' }, count: 1, seed: 7 } },
    { type: 'action', name: 'flags-gone-on-every-checkout-host', provider: fault, target: { tags: { service: 'checkout' }, mode: 'all' } },
  ] }, null, 2));
  await op.fill('#filename', 'targeted.json');
  // Keyboard: the Dry run button is a button: focused, Enter presses it; the preview takes the focus.
  await op.focus('#dry-run');
  await op.keyboard.press('Enter');
  await op.waitForSelector('#dry-preview, #editor-result .error');
  check(await op.locator('#dry-preview').count() === 1, `the dry run's preview is shown (${await op.textContent('#editor-result')})`);
  check(await op.evaluate(() => document.activeElement.id) === 'dry-preview-h', 'the preview\'s heading has the focus');
  const one = await op.$eval('#dry-preview [data-activity="flags-gone-on-one-checkout-host"]', (a) => ({
    agents: [...a.querySelectorAll('tr[data-agent]')].map((r) => r.dataset.agent), text: a.textContent, refused: a.dataset.refused }));
  check(JSON.stringify(one.agents) === '["web-2"]' && /zone=b/.test(one.text) && /seed7 \(from the file\)/.test(one.text)
    && new RegExp(`connected candidates${AGENT_COUNT}`).test(one.text) && /◎would hit 1 agent/.test(one.text)
    && /own host: web-1/.test(one.text) && one.refused === 'false',
  `the dry run previews web-2 (tags, seed 7, ${AGENT_COUNT} candidates; web-1 left out as the server's host): ${one.text}`);
  const all = await op.$eval('#dry-preview [data-activity="flags-gone-on-every-checkout-host"]', (a) => ({ text: a.textContent, refused: a.dataset.refused }));
  check(all.refused === 'true' && /⛔would be refused/.test(all.text) && /Safety net: .*refused by the/.test(all.text),
    `mode all over the tag set: the safety net's refusal is shown with icon and words (${all.text.slice(0, 300)})`);
  await op.$eval('#dry-preview', (el) => el.scrollIntoView());
  await shot(op, '02c-dry-run-preview');
  await op.click('#run');
  await op.waitForSelector('#target-refusals');
  const refusal = await op.$eval('#target-refusals li', (li) => ({ activity: li.dataset.activity, line: Number(li.dataset.line), text: li.textContent }));
  const gutterRefused = await op.$$eval('.gutter .bad-line', (s) => s.map((x) => Number(x.dataset.line)));
  check(refusal.activity === 'flags-gone-on-every-checkout-host' && /method\[1\]\.target/.test(refusal.text)
    && gutterRefused.includes(refusal.line), `a real run's 422 target_refused is shown next to its activity, marked at line ${refusal.line} (${refusal.text.slice(0, 200)})`);
  await shot(op, '02d-target-refused');
  targetsMs = Date.now() - targetsStart;

  // --- experiments: an invalid upload shows its problems at their lines; fix it; run it ---
  await op.click('nav a[data-page="experiments"]');
  await op.waitForSelector('#upload');
  await op.setInputFiles('#upload', { name: 'broken.yaml', mimeType: 'application/yaml', buffer: Buffer.from(BROKEN) });
  await until('the uploaded text in the editor', () => op.inputValue('#source').then((v) => v.includes('htttp')));
  await op.click('#save');
  await op.waitForSelector('#problems li');
  const lines = await op.$$eval('#problems li', (lis) => lis.map((li) => Number(li.dataset.line)));
  const gutter = await op.$$eval('.gutter .bad-line', (s) => s.map((x) => Number(x.dataset.line)));
  check(JSON.stringify(lines) === '[9,13]', `problems listed at lines 9 and 13 (got ${lines})`);
  check(JSON.stringify(gutter) === '[9,13]', `the editor's gutter marks lines 9 and 13 (got ${gutter})`);
  check((await op.textContent('#problems')).includes("unknown provider type 'htttp'"), 'the problem text is the validator\'s');
  await op.click('#problems li:nth-child(2) button');
  const caretLine = await op.$eval('#source', (t) => t.value.slice(0, t.selectionStart).split('\n').length);
  check(caretLine === 13, `"line 13" puts the cursor on line 13 (got ${caretLine})`);
  await shot(op, '03-experiment-problems');
  await op.fill('#source', FIXED);
  await op.fill('#filename', 'fixed.yaml');
  await op.click('#save');
  await op.waitForSelector('#saved');
  check(await op.locator('.gutter .bad-line').count() === 0, 'the fixed experiment saves with no problem marked');
  await op.fill('#vars', `service_url=${SERVICE_URL}\nproxy_api=${PROXY_API}\nproxy_name=${PROXY}`);
  await shot(op, '04-experiment-saved');
  await op.click('#run');
  await op.waitForURL(/#\/runs\/run_/);
  const runId = decodeURIComponent(op.url().split('#/runs/')[1]);
  console.log('run ' + runId);

  // --- the live timeline grows from the event stream; the toxic is really on the proxy ---
  await op.waitForSelector('#timeline[data-live="true"]');
  await until('a latency toxic on the proxy', async () => (await toxics()).some((t) => t.type === 'latency'));
  await op.waitForSelector('#timeline .tl-fault.open');
  const eventsA = Number(await op.getAttribute('#timeline', 'data-events'));
  await until('two charted probe values', () => op.$$eval('#timeline .tl-point', (p) => p.length >= 2), 20000);
  const eventsB = Number(await op.getAttribute('#timeline', 'data-events'));
  check(eventsB > eventsA, `the timeline grew while the run ran (${eventsA} → ${eventsB} events)`);
  check(await op.locator('#timeline rect.tl-activity').count() >= 2, 'activities are drawn as bars');
  await shot(op, '05-run-live');

  // --- HALT ALL: reason, confirmation; the toxic is gone and the run aborted ---
  await op.click('nav a[data-page="dashboard"]');
  await op.waitForSelector('#active-faults td');
  check((await op.textContent('#active-faults')).includes(runId), 'the active fault is listed with its run');
  check((await op.textContent('#running-runs')).includes(runId), 'the run is listed as running');
  // Keyboard: Enter opens the dialog, Tab stays inside it, Escape cancels without halting.
  await op.focus('#halt-all');
  await op.keyboard.press('Enter');
  await op.waitForSelector('#halt-reason');
  check(await op.evaluate(() => document.activeElement.id) === 'halt-reason', 'the dialog opens with focus on the reason');
  for (let i = 0; i < 7; i++) await op.keyboard.press('Tab');
  check(await op.evaluate(() => document.getElementById('dialog').contains(document.activeElement)),
    'Tab keeps focus inside the modal dialog');
  await op.keyboard.press('Escape');
  await until('the dialog closed', () => op.evaluate(() => !document.getElementById('dialog').open));
  check(!(await apiAs('viewer', 'GET', '/api/v1/halt')).json.halted, 'Escape cancelled: nothing was halted');
  await op.click('#halt-all');
  await op.waitForSelector('#halt-reason');
  await op.click('#halt-continue');
  check(await op.isVisible('dialog .error'), 'an empty reason is refused in the dialog');
  await op.fill('#halt-reason', 'e2e: latency spike on checkout');
  await shot(op, '06-halt-dialog');
  await op.click('#halt-continue');
  await op.waitForSelector('dialog button.danger:has-text("HALT NOW")');
  const clicked = Date.now();
  await op.click('dialog button.danger:has-text("HALT NOW")');
  await until('the toxic gone from the proxy', async () => (await toxics()).length === 0, 10000, 5);
  results.halt_click_to_toxic_gone_ms = Date.now() - clicked;
  check(true, `toxic gone from the proxy ${results.halt_click_to_toxic_gone_ms} ms after HALT NOW`);
  await op.waitForFunction(() => performance.getEntriesByName('faultline-halt-answered').length > 0);
  results.halt_request_answered_ms = await op.evaluate(() => Math.round(
    performance.getEntriesByName('faultline-halt-answered')[0].startTime
    - performance.getEntriesByName('faultline-halt-confirmed')[0].startTime));
  const run = await until('the run to end', async () => {
    const r = await apiAs('admin', 'GET', '/api/v1/runs/' + runId);
    return ['queued', 'running'].includes(r.json.status) ? null : r.json;
  });
  // A halt interrupts runs: Chaos Toolkit's status for a run stopped from outside is 'interrupted'.
  check(['interrupted', 'aborted'].includes(run.status) && (run.abort_reason || '').includes('e2e: latency spike'),
    `the run was stopped by the halt (${run.status}: ${run.abort_reason})`);
  results.run_status_after_halt = run.status;
  await op.waitForSelector('#halt-status [data-status="halted"]');
  check(await op.locator('#halt-all').count() === 0 && await op.locator('#resume').count() === 0,
    'while halted an operator sees neither HALT ALL nor Resume');
  await shot(op, '07-dashboard-halted');

  // --- the ended run: journal download, report, timeline replayed from the stored events ---
  await op.goto(`${BASE}/#/runs/${encodeURIComponent(runId)}`);
  await op.waitForSelector('#journal');
  await op.waitForSelector(`[data-fact="status"] [data-status="${run.status}"]`);
  await until('the stored events replayed', async () => Number(await op.getAttribute('#timeline', 'data-events')) >= eventsB);
  const [journal] = await Promise.all([op.waitForEvent('download'), op.click('#journal')]);
  check(journal.suggestedFilename() === `${runId}-journal.json`, 'the journal downloads under the run\'s name');
  const journalJson = JSON.parse(readFileSync(await journal.path(), 'utf8'));
  check(journalJson.status === run.status, `the downloaded journal says ${run.status} (got ${journalJson.status})`);
  const [report] = await Promise.all([op.waitForEvent('download'), op.click('#report')]);
  check(readFileSync(await report.path(), 'utf8').includes('<svg'), 'the HTML report downloads with its timeline');
  await shot(op, '08-run-ended');
  await timed(async () => {
  // The Response section: milestones in order; no alert reached this run, so "alert firing" is
  // marked missing (icon + word), never zero, and so is the time to detect.
  await op.waitForSelector('[data-section="response"] #milestones');
  const milestones = await op.$$eval('#milestones li', (lis) => lis.map((li) => ({ name: li.dataset.milestone,
    missing: li.dataset.missing, text: li.textContent })));
  check(milestones.map((m) => m.name).join() === 'fault_injected,alert_firing,notified,acknowledged,escalated,'
    + 'fault_reverted,steady_state_back,all_clear', `the eight milestones in order (${milestones.map((m) => m.name)})`);
  const byName = Object.fromEntries(milestones.map((m) => [m.name, m]));
  check(byName.fault_injected.missing === 'false' && byName.fault_reverted.missing === 'false',
    'the injection and the revert are shown with their times');
  check(byName.alert_firing.missing === 'true' && byName.alert_firing.text.includes('○missing'),
    `the alert that never fired is marked "○ missing" (${byName.alert_firing.text})`);
  const ttd = await op.textContent('[data-duration="time_to_detect_ms"]');
  check(ttd.includes('missing') && !/\b0(\.0)? ?m?s\b/.test(ttd), `time to detect says missing, not zero (${ttd.trim()})`);
  check((await op.textContent('#response-verdict')).length > 10, 'the response verdict is shown');
  await op.$eval('[data-section="response"]', (el) => el.scrollIntoView());
  await shot(op, '08b-run-response');
  await op.evaluate(() => window.scrollTo(0, 0));
  });

  // --- runs list with a filter, audit log with a filter, pages over APIs that may not exist yet ---
  await op.goto(`${BASE}/#/runs?status=${run.status}`);
  await op.waitForSelector('#run-list table');
  check((await op.textContent('#run-list')).includes(runId), `the runs list filtered by status=${run.status} shows the run`);
  await shot(op, '09-runs');
  await op.goto(`${BASE}/#/audit?kind=halt.set`);
  await op.waitForSelector('#audit-list table');
  check((await op.textContent('#audit-list')).includes('e2e: latency spike'), 'the audit log shows the halt and its reason');
  await shot(op, '10-audit');
  // The generic renderer on an answer shaped like the fleet API's: columns from keys, times, badges.
  const generic = await op.evaluate(async () => {
    const { answer } = await import('/js/pages/generic.js');
    const box = document.createElement('div');
    box.append(...answer('Agents', 'agents', { connected: 1, agents: [{ name: 'web-1', tags: ['eu', 'web'],
      capabilities: ['host-cpu', 'host-net'], connected: true, last_seen: '2026-12-05T10:00:00Z' }], active_faults: [] }));
    return { headers: [...box.querySelectorAll('th')].map((t) => t.textContent),
      cells: [...box.querySelectorAll('td')].map((t) => t.textContent),
      utc: box.querySelector('time')?.title, facts: box.querySelector('dl')?.textContent };
  });
  check(JSON.stringify(generic.headers) === '["name","tags","capabilities","connected","last seen"]',
    `generic tables take their columns from the keys (${generic.headers})`);
  check(generic.cells.includes('eu, web') && generic.cells.includes('✓yes') && generic.utc === 'UTC 2026-12-05 10:00:00Z',
    `lists joined, booleans as ✓ yes, times with UTC on hover (${JSON.stringify(generic)})`);
  let sched;
  let gd;
  let experimentId;
  await timed(async () => {
  const svc = await apiAs('operator', 'POST', '/api/v1/services', { name: 'checkout', team: 'payments', level: 1,
    health_check: { type: 'probe', name: 'up', tolerance: 200, provider: { type: 'http', url: SERVICE_URL } } });
  check(svc.status === 201, `a service is registered through the API (${svc.status})`);
  experimentId = (await apiAs('viewer', 'GET', '/api/v1/experiments')).json.experiments[0].id;
  sched = await apiAs('operator', 'POST', '/api/v1/schedules', { service: 'checkout', owner: 'payments-oncall',
    cron: '30 3 * * 1-5', time_zone: 'Europe/Berlin', document: { title: 'nightly checkout probe', description: 'e2e',
      method: [{ type: 'probe', name: 'up', provider: { type: 'http', url: SERVICE_URL } }] } });
  check(sched.status === 201, `a schedule is created through the API (${sched.status} ${JSON.stringify(sched.json).slice(0, 200)})`);
  });
  for (const [i, page] of [['11', 'fleet'], ['12', 'services'], ['13', 'schedules'], ['13b', 'gamedays']]) {
    await op.goto(`${BASE}/#/${page}`);
    await op.waitForFunction(() => !document.querySelector('main')?.textContent.includes('Loading…'));
    await shot(op, `${i}-${page}`);
    const parts = await op.$$eval('section[data-api]', (cards) => cards.map((c) => c.dataset.api + ': '
      + (c.querySelector('.unavailable') ? 'unavailable' : c.querySelector('.error') ? 'error'
        : c.querySelector('table, .empty') ? 'shown' : 'nothing')));
    check(parts.length > 0 && parts.every((x) => /: (unavailable|shown)$/.test(x)),
      `the ${page} page shows each API's table, or "not available on this server yet" for a 404 (${parts.join(', ')})`);
  }
  await timed(async () => {
  // Schedules: the next run in the viewer's zone with UTC on hover; an expiry within 7 days warns in words.
  await op.goto(`${BASE}/#/schedules`);
  await op.waitForSelector(`#schedule-list button.renew[data-schedule="${sched.json.id}"]`);
  const nextRun = await op.$eval('#schedule-list td[data-label="next run"] time', (t) => ({ text: t.textContent, utc: t.title }));
  check(nextRun.utc === 'UTC ' + sched.json.next_due.replace('T', ' ').replace(/\.\d+Z$/, 'Z') && nextRun.text.includes('03:30'),
    `the next run is shown at 03:30 Berlin time with its UTC instant on hover (${JSON.stringify(nextRun)})`);
  check(await op.getAttribute('#schedule-list .expiry', 'data-expiring') === 'false', 'a fresh schedule shows no expiry warning');
  const soon = await op.evaluate(async () => {
    const { expiry } = await import('/js/ui.js');
    return expiry(new Date(Date.now() + 3 * 86400000 - 60000).toISOString()).textContent;
  });
  check(soon.includes('⚠expires in 3 days'), `an expiry 3 days ahead warns with icon and words (${soon})`);
  await shot(op, '13a-schedules');
  await op.goto(`${BASE}/#/services`);
  await op.waitForSelector('#service-list button.opt-out[data-service="checkout"]');
  const svcRow = await op.textContent('#service-list tbody tr');
  check(/checkout/.test(svcRow) && /team payments/.test(svcRow) && /level 1/.test(svcRow) && /✓opted in/.test(svcRow)
    && /never run/.test(svcRow), `the services page lists the created service with its level and opt-in (${svcRow})`);
  await op.waitForFunction(() => !document.querySelector('[data-trend]')?.textContent.startsWith('…'));
  check(/no detection in 0 runs/.test(await op.textContent('[data-trend="mttd"]')), 'its MTTD says no detection yet (no run)');
  await op.click('button.opt-out[data-service="checkout"]');
  await op.fill('#opt-reason', 'e2e: migrating to the new cluster');
  await op.click('#opt-out-confirm');
  await op.waitForSelector('#service-list [data-opted="out"]');
  check((await op.textContent('#service-list [data-opted="out"]')).includes('e2e: migrating to the new cluster'),
    'opted out from the console: the row shows "opted out" with the reason');
  await shot(op, '12b-services-opted-out');
  // GameDay: created with the form; the participant's private prediction; nobody's is shown before the reveal.
  await op.goto(`${BASE}/#/gamedays`);
  await op.waitForSelector(`#gd-experiments option[value="${experimentId}"]`, { state: 'attached' });
  await op.fill('#gd-title', 'checkout GameDay');
  await op.selectOption('#gd-experiments', experimentId);
  await op.fill('#gd-participants', 'e2e-operator, e2e-admin');
  check(await op.inputValue('#gd-facilitator') === 'e2e-operator', 'the facilitator defaults to the signed-in token name');
  await op.click('#gd-create');
  await op.waitForURL(/#\/gamedays\/[^/]+$/);
  gd = { json: { id: decodeURIComponent(op.url().split('#/gamedays/')[1]) } };
  check((await apiAs('viewer', 'GET', '/api/v1/gamedays/' + gd.json.id)).json.participants.join() === 'e2e-operator,e2e-admin',
    'the GameDay is created from the form with its participants');
  await op.waitForSelector('#prediction-form');
  await op.check('#steady_state_holds-yes');
  await op.check('#alert_fires-no');
  await op.fill('#gd-notes', 'e2e secret guess: retries cover it');
  await op.click('#gd-predict');
  await op.waitForSelector('#prediction-recorded');
  await op.waitForSelector('[data-participant="e2e-operator"] [data-status="predicted"]');
  check(await op.isVisible('#predictions-hidden'), 'after predicting, predictions stay hidden until the runs end');
  // The reveal, rendered from an answer shaped like GET /gamedays/{id} after the end (GameDayTest checks the API's side).
  const reveal = await op.evaluate(async () => {
    const { renderReveal } = await import('/js/pages/gamedays.js');
    const box = document.createElement('div');
    renderReveal(box, { participants: ['alice', 'bob'], predicted: ['alice', 'bob'], outcome: { steady_state_held: true,
      alert_fired: true, time_to_detect_ms: 42000 }, predictions: [
      { participant: 'alice', steady_state_holds: true, alert_fires: true, detect_within_ms: 60000, notes: 'fast',
        detected_within_prediction: true, score: 3, score_possible: 3 },
      { participant: 'bob', steady_state_holds: false, alert_fires: false, detect_within_ms: null, notes: null,
        detected_within_prediction: null, score: 0, score_possible: 2 }] });
    return { rows: [...box.querySelectorAll('tbody tr')].map((r) => r.textContent), outcome: box.querySelector('#gd-outcome').textContent };
  });
  check(reveal.rows.length === 2 && /alice.*yes ✓right.*yes ✓right.*1 min 0 s ✓right.*3 \/ 3/.test(reveal.rows[0])
    && /bob.*no ✗wrong.*no ✗wrong.*0 \/ 2/.test(reveal.rows[1]) && reveal.outcome.includes('fastest time to detect42 s'),
  `the reveal shows each call as ✓ right / ✗ wrong and the score (${JSON.stringify(reveal)})`);
  await shot(op, '13c-gameday');
  });

  // --- a viewer: no HALT/Resume, and its crafted requests are refused ---
  const viewer = await context.newPage();
  watch(viewer, 'viewer');
  await signIn(viewer, 'viewer');
  await viewer.waitForSelector('#halt-status');
  check(await viewer.locator('#halt-all').count() === 0, 'a viewer sees no HALT ALL');
  check(await viewer.locator('#resume').count() === 0, 'a viewer sees no Resume');
  const crafted = await viewer.evaluate(async () => {
    const token = sessionStorage.getItem('faultline.token');
    const post = await fetch('/api/v1/halt', { method: 'POST', headers: { Authorization: 'Bearer ' + token,
      'Content-Type': 'application/json' }, body: JSON.stringify({ reason: 'crafted by a viewer' }) });
    const del = await fetch('/api/v1/halt', { method: 'DELETE', headers: { Authorization: 'Bearer ' + token } });
    const run = await fetch('/api/v1/runs', { method: 'POST', headers: { Authorization: 'Bearer ' + token,
      'Content-Type': 'application/json' }, body: JSON.stringify({ document: { title: 'x', description: 'x', method: [] } }) });
    return [post.status, del.status, run.status];
  });
  check(JSON.stringify(crafted) === '[403,403,403]', `a viewer's crafted POST/DELETE halt and POST run get 403 (got ${crafted})`);
  await viewer.goto(`${BASE}/#/runs/${encodeURIComponent(runId)}`);
  await viewer.waitForSelector('#journal');
  check(await viewer.locator('#abort-run').count() === 0, 'a viewer sees no Abort on a run');
  await viewer.goto(BASE + '/#/experiments');
  await viewer.waitForSelector('#source');
  check(await viewer.locator('#save, #run, #upload').count() === 0, 'a viewer sees no save/run/upload controls');
  await timed(async () => {
  await viewer.goto(BASE + '/#/services');
  await viewer.waitForSelector('#service-list [data-opted="out"]');
  check(await viewer.locator('#service-list button').count() === 0, 'a viewer sees no opt-out/opt-in button');
  const craftedOpt = await viewer.evaluate(async () => (await fetch('/api/v1/services/checkout/opt-in', { method: 'POST',
    headers: { Authorization: 'Bearer ' + sessionStorage.getItem('faultline.token') } })).status);
  check(craftedOpt === 403, `a viewer's crafted opt-in gets 403 (got ${craftedOpt})`);
  await viewer.goto(`${BASE}/#/gamedays/${gd.json.id}`);
  await viewer.waitForSelector('#predictions-hidden');
  check(!(await viewer.content()).includes('e2e secret guess') && await viewer.locator('#prediction-form, #gd-start').count() === 0,
    'a viewer sees neither the prediction nor the prediction form or Start');
  });
  await viewer.goto(BASE + '/#/');
  await viewer.waitForSelector('#halt-status');
  await shot(viewer, '14-dashboard-viewer');

  // --- an admin sees Resume and resumes ---
  const admin = await context.newPage();
  watch(admin, 'admin');
  await signIn(admin, 'admin');
  await admin.waitForSelector('#resume');
  await admin.click('#resume');
  await admin.click('dialog button.primary');
  await admin.waitForSelector('#halt-all');
  check(!(await apiAs('viewer', 'GET', '/api/v1/halt')).json.halted, 'the admin resumed from the console');

  // --- keyboard: the sign-out control and the nav are reachable with Tab; focus is visible ---
  check(await admin.evaluate(() => document.activeElement.id) === 'halt-status', 'after Resume, focus is on the new halt state');
  await admin.reload();
  await admin.waitForSelector('#halt-all');
  const focusAfter = async (key, n) => {
    for (let i = 0; i < n; i++) await admin.keyboard.press(key);
    return admin.evaluate(() => ({ text: document.activeElement.textContent.trim(),
      outline: getComputedStyle(document.activeElement).outlineStyle }));
  };
  // A page load puts focus at the start of the page's content: the first Tab reaches its first control.
  const first = await focusAfter('Tab', 1);
  check(first.text.includes('HALT ALL') && first.outline !== 'none', `the first Tab reaches HALT ALL, outlined (${JSON.stringify(first)})`);
  const runsLink = await focusAfter('Shift+Tab', 8);
  check(runsLink.text === 'Runs' && runsLink.outline !== 'none', `Shift+Tab walks back through the navigation with a visible focus (${JSON.stringify(runsLink)})`);
  await admin.keyboard.press('Enter');
  await admin.waitForSelector('#run-list');
  check(admin.url().endsWith('#/runs'), 'Enter on a focused nav link opens its page');

  // --- phone width ---
  await op.setViewportSize({ width: 390, height: 844 });
  await op.goto(BASE + '/#/');
  await op.waitForSelector('#halt-all');
  const overflow = await op.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `no horizontal scrolling at 390 px (overflow ${overflow} px)`);
  await shot(op, '15-dashboard-phone');
  await op.goto(`${BASE}/#/runs/${encodeURIComponent(runId)}`);
  await op.waitForSelector('#journal');
  await shot(op, '16-run-phone');
  await timed(async () => {
  await op.waitForSelector('#milestones li');
  await op.$eval('[data-section="response"]', (el) => el.scrollIntoView());
  await shot(op, '17-run-response-phone');
  for (const page of ['services', 'schedules']) {
    await op.goto(`${BASE}/#/${page}`);
    await op.waitForFunction(() => !document.querySelector('main')?.textContent.includes('Loading…'));
    const wide = await op.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(wide <= 0, `no horizontal scrolling on ${page} at 390 px (overflow ${wide} px)`);
  }
  await shot(op, '18-schedules-phone');
  });

  check(problemsSeen.length === 0, 'no script error, CSP violation or failed request in the pages: '
    + JSON.stringify(problemsSeen));
  results.added_response_services_gameday_steps_ms = addedMs;
  results.added_fleet_targets_steps_ms = targetsMs;
  results.agents_connected = AGENT_COUNT;
  console.log('RESULT ' + JSON.stringify(results));
} catch (e) {
  console.error(e.stack || String(e));
  console.error('problems seen in the pages: ' + JSON.stringify(problemsSeen));
  exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(exitCode);
