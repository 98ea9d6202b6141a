/**
 * Small DOM builders. Data only ever reaches the page as text nodes or
 * attribute values — never through innerHTML — so a display name like
 * `<img onerror=…>` shows as the characters it is.
 */
export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  testid?: string;
  id?: string;
  attrs?: Record<string, string | number | boolean | null | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.testid) el.dataset.testid = props.testid;
  if (props.id) el.id = props.id;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, handler] of Object.entries(props.on ?? {})) el.addEventListener(type, handler as EventListener);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function button(label: string, onClick: (e: MouseEvent) => void, props: Props = {}): HTMLButtonElement {
  const b = h('button', { ...props, attrs: { type: 'button', ...props.attrs } }, label);
  b.addEventListener('click', onClick);
  return b;
}

let uid = 0;
/** A fresh id for pairing a label with its control. */
export function nextId(prefix: string): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Disables a button while its work runs, so a double click does not send twice. */
export async function busy<T>(control: HTMLButtonElement | null, work: () => Promise<T>): Promise<T> {
  if (control) control.disabled = true;
  try {
    return await work();
  } finally {
    if (control) control.disabled = false;
  }
}
