/**
 * Labelled form controls with an error slot each, and a summary at the top,
 * so a problem+json answer lands beside the field it names.
 */
import type { Problem } from '../../../contract/problem';
import { ApiError } from './api-client';
import { append, Child, h, nextId } from './dom';
import { problemSummary, sortFieldErrors } from './problems';

export interface Choice {
  value: string;
  label: string;
  hint?: string;
  checked?: boolean;
  disabled?: boolean;
}

export class Form {
  readonly el: HTMLFormElement;
  private readonly summary: HTMLElement;
  private readonly slots = new Map<string, { slot: HTMLElement; controls: HTMLElement[] }>();

  constructor(testid: string, onSubmit: (form: Form, submitter: HTMLButtonElement | null) => Promise<void>) {
    this.summary = h('div', { class: 'alert alert-error', testid: `${testid}-error`, attrs: { role: 'alert', hidden: true } });
    this.el = h('form', { class: 'form', testid, attrs: { novalidate: true } }, this.summary);
    this.el.addEventListener('submit', (e) => {
      e.preventDefault();
      const submitter = (e.submitter as HTMLButtonElement | null) ?? this.el.querySelector<HTMLButtonElement>('button[type=submit]');
      if (submitter) submitter.disabled = true;
      this.clearErrors();
      onSubmit(this, submitter)
        .catch((err: unknown) => this.showError(err))
        .finally(() => {
          if (submitter) submitter.disabled = false;
        });
    });
  }

  add(...children: Child[]): this {
    append(this.el, ...children);
    return this;
  }

  /** A text-like input with its label, an optional hint and an error slot. */
  input(name: string, label: string, attrs: Record<string, string | number | boolean> = {}, hint?: string): HTMLInputElement {
    const id = nextId(name);
    const input = h('input', { id, testid: `field-${name}`, attrs: { name, type: 'text', ...attrs } });
    this.el.append(this.wrap(name, h('label', { attrs: { for: id } }, label), [input], hint));
    return input;
  }

  select(name: string, label: string, options: Array<{ value: string; label: string }>): HTMLSelectElement {
    const id = nextId(name);
    const select = h('select', { id, testid: `field-${name}`, attrs: { name } }, ...options.map((o) => h('option', { attrs: { value: o.value } }, o.label)));
    this.el.append(this.wrap(name, h('label', { attrs: { for: id } }, label), [select]));
    return select;
  }

  checkbox(name: string, label: string, checked: boolean): HTMLInputElement {
    const input = h('input', { testid: `field-${name}`, attrs: { name, type: 'checkbox', checked } });
    this.el.append(this.wrap(name, null, [h('label', { class: 'check' }, input, ` ${label}`)], undefined, [input]));
    return input;
  }

  /** A fieldset of checkboxes; returns a reader of the ticked values. */
  checkboxes(name: string, legend: string, choices: Choice[], extra?: Child): { fieldset: HTMLFieldSetElement; values: () => string[]; inputs: HTMLInputElement[] } {
    const inputs = choices.map((c) =>
      h('input', { testid: `${name}-${c.value}`, attrs: { type: 'checkbox', name, value: c.value, checked: !!c.checked, disabled: !!c.disabled } }),
    );
    const items = choices.map((c, i) =>
      h('label', { class: 'check' }, inputs[i]!, h('span', { class: 'check-text' }, c.label, c.hint ? h('span', { class: 'hint' }, c.hint) : null)),
    );
    const fieldset = this.fieldset(name, legend, [extra ?? null, h('div', { class: 'check-grid' }, ...items)], inputs);
    return { fieldset, inputs, values: () => inputs.filter((i) => i.checked).map((i) => i.value) };
  }

  /** A fieldset whose error slot is named `name`; controls are marked invalid with it. */
  fieldset(name: string, legend: string, content: Child[], controls: HTMLElement[] = []): HTMLFieldSetElement {
    const slot = this.slot(name, controls);
    const fs = h('fieldset', { class: 'fieldset', testid: `fieldset-${name}` }, h('legend', {}, legend), ...content, slot);
    this.el.append(fs);
    return fs;
  }

  actions(...buttons: HTMLButtonElement[]): HTMLElement {
    const bar = h('div', { class: 'form-actions' }, ...buttons);
    this.el.append(bar);
    return bar;
  }

  clearErrors(): void {
    this.summary.hidden = true;
    this.summary.replaceChildren();
    for (const { slot, controls } of this.slots.values()) {
      slot.hidden = true;
      slot.replaceChildren();
      for (const c of controls) c.removeAttribute('aria-invalid');
    }
  }

  showError(err: unknown): void {
    if (err instanceof ApiError) this.showProblem(err.problem);
    else this.showText(err instanceof Error ? err.message : String(err));
  }

  showProblem(problem: Problem): void {
    const { byField, unplaced } = sortFieldErrors(problem.errors, new Set(this.slots.keys()));
    for (const [field, messages] of byField) {
      const entry = this.slots.get(field)!;
      entry.slot.replaceChildren(...messages.map((m) => h('span', { class: 'field-error-line' }, m)));
      entry.slot.hidden = false;
      for (const c of entry.controls) c.setAttribute('aria-invalid', 'true');
    }
    this.showText(problemSummary(problem), unplaced);
    const first = [...byField.keys()].map((f) => this.slots.get(f)!.controls[0]).find(Boolean);
    first?.focus();
  }

  private showText(text: string, more: string[] = []): void {
    this.summary.replaceChildren(h('p', {}, text), ...more.map((m) => h('p', { class: 'alert-more' }, m)));
    this.summary.hidden = false;
  }

  private slot(name: string, controls: HTMLElement[]): HTMLElement {
    const slot = h('p', { class: 'field-error', testid: `error-${name}`, id: nextId(`error-${name}`), attrs: { hidden: true, 'aria-live': 'polite' } });
    for (const c of controls) c.setAttribute('aria-describedby', slot.id);
    this.slots.set(name, { slot, controls });
    return slot;
  }

  private wrap(name: string, label: HTMLElement | null, content: HTMLElement[], hint?: string, controls: HTMLElement[] = content): HTMLElement {
    const slot = this.slot(name, controls);
    return h('div', { class: 'field' }, label, ...content, hint ? h('p', { class: 'hint' }, hint) : null, slot);
  }
}

/** A one-line summary for places without a form (row actions, list loads). */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return problemSummary(err.problem);
  return err instanceof Error ? err.message : String(err);
}

export function submitButton(label: string, testid: string): HTMLButtonElement {
  return h('button', { class: 'btn btn-primary', testid, attrs: { type: 'submit' } }, label);
}
