/** The message line under the tabs: what just succeeded, or why it did not. */
import { h } from './dom';
import { errorText } from './forms';

export class Notice {
  readonly el = h('div', { class: 'notice', testid: 'notice', attrs: { 'aria-live': 'polite', hidden: true } });

  success(text: string): void {
    this.show('notice notice-success', 'status', text);
  }

  error(err: unknown): void {
    this.show('notice notice-error', 'alert', errorText(err));
  }

  clear(): void {
    this.el.hidden = true;
    this.el.replaceChildren();
  }

  private show(className: string, role: string, text: string): void {
    this.el.className = className;
    this.el.setAttribute('role', role);
    this.el.dataset.kind = role === 'alert' ? 'error' : 'success';
    this.el.replaceChildren(h('span', {}, text));
    this.el.hidden = false;
    this.el.scrollIntoView({ block: 'nearest' });
  }
}
