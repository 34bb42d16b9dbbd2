import { signIn } from '../api.js';
import { h, clear, errorBox } from '../ui.js';
import { route } from '../app.js';

/** Sign-in with a bearer token; the token stays in this tab (sessionStorage), never in a cookie. */
export function render(main) {
  const out = h('div', { 'aria-live': 'polite' });
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false', 'aria-describedby': 'token-help' });
  const form = h('form', { id: 'signin-form', onsubmit: async (e) => {
    e.preventDefault();
    clear(out);
    try {
      await signIn(input.value.trim());
      input.value = '';
      await route();
    } catch (err) {
      clear(out, errorBox(err.status === 401 ? { message: 'That token is not accepted by this server: ' + err.message }
        : err));
      input.focus();
    }
  } },
  h('label', { for: 'token' }, 'Token', input),
  h('p', { id: 'token-help', class: 'muted' }, 'A token from ', h('code', {}, 'faultline server token create --role viewer|operator|admin'),
    ' (or the admin token printed at first start). It is kept in this browser tab only and sent as an ',
    h('code', {}, 'Authorization'), ' header; closing the tab signs out.'),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Sign in')),
  out);
  clear(main, h('div', { class: 'card signin' }, h('h1', {}, 'Sign in to Faultline'), form));
  input.focus();
}
