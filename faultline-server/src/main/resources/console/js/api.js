// The console's only way to the server: fetch with the bearer token in a header (never a cookie:
// credentials 'omit'), so no other site can make the browser act for the user (CSRF-safe).
const TOKEN_KEY = 'faultline.token';
const RANK = { viewer: 1, operator: 2, admin: 3 };

/** Who is signed in: the token lives in this tab's sessionStorage only (gone when the tab closes). */
export const session = {
  token: sessionStorage.getItem(TOKEN_KEY),
  who: null,
  /** True when the signed-in role includes `role` (viewer < operator < admin). */
  can(role) {
    return !!this.who && (RANK[this.who.role] || 0) >= RANK[role];
  },
};

/** An API refusal: status, the server's error code and its message (written for people). */
export class ApiError extends Error {
  constructor(status, body, text) {
    super(body && body.message ? body.message : `HTTP ${status}${text ? ': ' + text.slice(0, 200) : ''}`);
    this.status = status;
    this.code = body && body.error;
    this.body = body || {};
  }
}

let unauthorizedHandler = () => {};
export function onUnauthorized(f) { unauthorizedHandler = f; }

export async function signIn(token) {
  session.token = token;
  try {
    session.who = await api('GET', '/api/v1/whoami');
  } catch (e) {
    session.token = null;
    session.who = null;
    throw e;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  return session.who;
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  session.token = null;
  session.who = null;
}

function headers(extra) {
  const h = { Accept: 'application/json' };
  if (session.token) h.Authorization = 'Bearer ' + session.token;
  return Object.assign(h, extra || {});
}

/**
 * Calls the API. `body`: an object (sent as JSON) or a string (sent with `contentType`).
 * Resolves to the parsed JSON answer; rejects with ApiError.
 */
export async function api(method, path, body, { contentType = 'application/json', extraHeaders, signal } = {}) {
  const init = { method, headers: headers(extraHeaders), credentials: 'omit', cache: 'no-store', signal };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['Content-Type'] = contentType;
  }
  const r = await fetch(path, init);
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!r.ok) {
    const err = new ApiError(r.status, json, json ? '' : text);
    if (r.status === 401 && path !== '/api/v1/whoami') unauthorizedHandler(err);
    throw err;
  }
  return json;
}

/** GET that answers null on 404 (a route this server does not have yet). */
export async function optional(path) {
  try {
    return await api('GET', path);
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}

/** Fetches with the token and hands the answer to the browser as a file download. */
export async function download(path, filename) {
  const r = await fetch(path, { headers: headers(), credentials: 'omit', cache: 'no-store' });
  if (!r.ok) {
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { json = null; }
    throw new ApiError(r.status, json, text);
  }
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Follows a run's Server-Sent Events. EventSource cannot send an Authorization header, so this
 * reads the stream with fetch and parses it; a broken stream is resumed from the last event id
 * (at most 5 times in a row). Calls onEvent(name, data, id); resolves when the 'end' event came
 * or `signal` aborted.
 */
export async function followEvents(path, onEvent, signal) {
  let lastId = 0;
  let failures = 0;
  while (!signal.aborted && failures < 5) {
    let ended = false;
    try {
      const r = await fetch(path + (lastId ? `?after=${lastId}` : ''), {
        headers: headers({ Accept: 'text/event-stream' }), credentials: 'omit', cache: 'no-store', signal });
      if (!r.ok) throw new ApiError(r.status, null, await r.text());
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const ev = parseBlock(block);
          if (!ev) continue;
          if (ev.id) lastId = Number(ev.id);
          failures = 0;
          if (ev.event === 'end') ended = true;
          onEvent(ev.event, ev.data, ev.id);
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof ApiError && e.status < 500) throw e;
    }
    if (ended) return;
    failures++;
    await new Promise((res) => setTimeout(res, 500 * failures));
  }
}

function parseBlock(block) {
  let event = 'message';
  let id = null;
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (!data.length) return null;
  let parsed;
  try { parsed = JSON.parse(data.join('\n')); } catch { parsed = data.join('\n'); }
  return { event, id, data: parsed };
}
