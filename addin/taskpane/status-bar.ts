/** The progress bar and the message line under the header. */
import { h } from './dom';

export type MessageTone = 'ok' | 'warn' | 'error' | 'info';

export class StatusBar {
  readonly element: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly label: HTMLElement;
  private readonly progressBox: HTMLElement;
  private readonly message: HTMLElement;
  private readonly offer: HTMLElement;

  constructor() {
    this.bar = h('progress', { testid: 'progress-bar', attrs: { max: 1 } });
    this.label = h('span', { class: 'progress-label', testid: 'progress-label' });
    this.progressBox = h('div', { class: 'progress hidden', testid: 'progress', attrs: { role: 'status' } }, this.bar, this.label);
    this.message = h('p', { class: 'message hidden', testid: 'message', attrs: { role: 'alert', 'aria-live': 'polite' } });
    this.offer = h('div', { class: 'offer' });
    this.element = h('div', { class: 'status-bar' }, this.progressBox, this.message, this.offer);
  }

  progress(label: string, fraction: number | null): void {
    this.progressBox.classList.remove('hidden');
    this.label.textContent = fraction === null ? label : `${label} ${Math.round(fraction * 100)}%`;
    if (fraction === null) this.bar.removeAttribute('value');
    else this.bar.value = fraction;
  }

  endProgress(): void {
    this.progressBox.classList.add('hidden');
  }

  show(tone: MessageTone, text: string, offer?: HTMLElement): void {
    this.message.className = `message ${tone}`;
    this.message.dataset.tone = tone;
    this.message.textContent = text;
    this.offer.replaceChildren(...(offer ? [offer] : []));
  }

  clear(): void {
    this.message.className = 'message hidden';
    this.message.textContent = '';
    this.offer.replaceChildren();
  }
}
