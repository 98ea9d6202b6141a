/** The sign-in form: server address, username, password. The password is never stored. */
import { field, h } from './dom';
import type { TaskPane } from './task-pane';

export function signInView(pane: TaskPane, prefill: { serverUrl: string; username: string }): HTMLElement {
  const t = pane.t;
  const server = h('input', { testid: 'server-url', attrs: { type: 'url', value: prefill.serverUrl, autocomplete: 'url', spellcheck: 'false' } });
  const username = h('input', { testid: 'username', attrs: { type: 'text', value: prefill.username, autocomplete: 'username', spellcheck: 'false' } });
  const password = h('input', { testid: 'password', attrs: { type: 'password', autocomplete: 'current-password' } });
  const submit = h('button', { class: 'btn primary', testid: 'sign-in', attrs: { type: 'submit' } }, t('signin.submit'));
  const form = h(
    'form',
    {
      class: 'sign-in',
      attrs: { novalidate: true },
      on: {
        submit: (e) => {
          e.preventDefault();
          void pane.signIn(server.value, username.value, password.value).finally(() => (password.value = ''));
        },
      },
    },
    h('h2', {}, t('signin.heading')),
    field(t('signin.server'), server),
    field(t('signin.username'), username),
    field(t('signin.password'), password),
    submit,
  );
  queueMicrotask(() => (prefill.username ? password : username).focus());
  return form;
}
