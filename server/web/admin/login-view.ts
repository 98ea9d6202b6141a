/** The sign-in form. The password goes to the server once and is never stored. */
import type { UserView } from '../../../contract/platform';
import type { ApiClient } from './api-client';
import { h } from './dom';
import { Form, submitButton } from './forms';
import { t } from './i18n';

export function loginView(api: ApiClient, onSignedIn: (me: UserView) => void, message?: string): HTMLElement {
  const form = new Form('login-form', async () => {
    const me = await api.login(username.value.trim(), password.value);
    password.value = '';
    onSignedIn(me);
  });
  const username = form.input('username', t('login.username'), { autocomplete: 'username', required: true });
  const password = form.input('password', t('login.password'), { type: 'password', autocomplete: 'current-password', required: true });
  form.actions(submitButton(t('login.submit'), 'login-submit'));
  const note = message ? h('p', { class: 'alert alert-info', testid: 'login-message', attrs: { role: 'status' } }, message) : null;
  queueMicrotask(() => username.focus());
  return h('section', { class: 'login card', testid: 'login-view' }, h('h2', {}, t('login.heading')), note, form.el);
}
