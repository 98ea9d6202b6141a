/**
 * The customer panel: follows the selection and shows the customer on the
 * selected row — their credit and RFM segment. UI only: which customer a
 * row names and what is said about them come from the workflows.
 */
import { describeError } from '../workflows/describe-error';
import { customerPanelView, CustomerPanelView, loadCustomerPanel, selectedCustomerCode } from '../workflows/customer-panel';
import type { WorkflowContext } from '../workflows/context';
import { h } from './dom';
import type { TaskPane } from './task-pane';

type Shown = { kind: 'none' } | { kind: 'loading'; code: string } | { kind: 'unknown'; code: string } | { kind: 'failed'; code: string; detail: string } | { kind: 'customer'; code: string; view: (pane: TaskPane) => CustomerPanelView };

export class CustomerPane {
  private shown: Shown = { kind: 'none' };
  private readonly body = h('div', { class: 'customer-panel', testid: 'customer-panel' });
  /** Each lookup's turn: an answer that arrives after a later selection is dropped. */
  private turn = 0;

  constructor(
    private readonly pane: TaskPane,
    private readonly context: () => WorkflowContext | null,
  ) {}

  /** The panel's section, drawn in the pane's current language. */
  section(): HTMLElement {
    this.draw();
    return h(
      'section',
      { class: 'sheet-section', testid: 'section-customer-panel' },
      h('h2', {}, this.pane.t('section.customerPanel')),
      h('p', { class: 'hint' }, this.pane.t('hint.customerPanel')),
      this.body,
      h('div', { class: 'actions' }, this.pane.button('action.showCustomer', 'show-customer', () => void this.follow(true))),
    );
  }

  /** Shows the customer on the selected row; the same customer again is not fetched again unless asked. */
  async follow(force = false): Promise<void> {
    const ctx = this.context();
    if (!ctx) return;
    const turn = ++this.turn;
    let code: string | null;
    try {
      code = await selectedCustomerCode();
    } catch {
      // Excel could not say what is selected (a dialog is open): the panel keeps what it shows.
      return;
    }
    if (turn !== this.turn) return;
    if (!code) return this.set({ kind: 'none' });
    if (!force && this.shown.kind !== 'none' && this.shown.kind !== 'failed' && this.shown.code === code) return;
    this.set({ kind: 'loading', code });
    try {
      const data = await loadCustomerPanel(ctx, code);
      if (turn !== this.turn) return;
      this.set(data ? { kind: 'customer', code, view: (pane) => customerPanelView(data, pane.t, pane.language) } : { kind: 'unknown', code });
    } catch (error) {
      if (turn === this.turn) this.set({ kind: 'failed', code, detail: describeError(error, this.pane.t) });
    }
  }

  clear(): void {
    this.turn += 1;
    this.set({ kind: 'none' });
  }

  private set(shown: Shown): void {
    this.shown = shown;
    this.draw();
  }

  private draw(): void {
    const { t } = this.pane;
    const s = this.shown;
    this.body.dataset.state = s.kind;
    if (s.kind === 'customer') {
      const view = s.view(this.pane);
      const rows = view.lines.map((l) => h('div', { class: `panel-line${l.tone ? ` ${l.tone}` : ''}`, testid: l.testid }, h('span', { class: 'panel-label' }, l.label), h('span', { class: 'panel-value' }, l.value)));
      this.body.replaceChildren(h('div', { class: 'panel-title', testid: 'customer-title' }, view.title), ...rows);
      return;
    }
    const text =
      s.kind === 'none' ? t('customer.none') : s.kind === 'loading' ? t('customer.loading', { code: s.code }) : s.kind === 'unknown' ? t('customer.unknown', { code: s.code }) : t('customer.failed', { code: s.code, detail: s.detail });
    this.body.replaceChildren(h('p', { class: `panel-note${s.kind === 'failed' || s.kind === 'unknown' ? ' error' : ''}`, testid: 'customer-note' }, text));
  }
}
