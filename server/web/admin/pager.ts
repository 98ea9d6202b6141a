/** Previous / next buttons and "n–m of total" under a list. */
import { button, h } from './dom';
import { t } from './i18n';
import { pageRange, previousOffset } from './paging';

export class Pager {
  readonly el: HTMLElement;
  offset = 0;
  private readonly label = h('span', { class: 'pager-label', testid: 'pager-label' });
  private readonly prev: HTMLButtonElement;
  private readonly next: HTMLButtonElement;

  constructor(
    testid: string,
    readonly limit: number,
    private readonly go: () => void,
  ) {
    this.prev = button(t('common.previous'), () => this.move(previousOffset(this.offset, this.limit)), { class: 'btn', testid: `${testid}-prev` });
    this.next = button(t('common.next'), () => this.move(this.offset + this.limit), { class: 'btn', testid: `${testid}-next` });
    this.el = h('div', { class: 'pager', testid }, this.prev, this.label, this.next);
  }

  show(shown: number, total: number): void {
    const r = pageRange(this.offset, shown, total);
    this.label.textContent = t('common.range', { from: r.from, to: r.to, total: r.total });
    this.prev.disabled = !r.hasPrevious;
    this.next.disabled = !r.hasNext;
  }

  private move(offset: number): void {
    this.offset = offset;
    this.go();
  }
}
