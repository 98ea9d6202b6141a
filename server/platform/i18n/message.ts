/**
 * A message is a catalogue key and its parameters, turned into a sentence
 * only when the answer is sent, in the language the request asked for.
 */
import { en } from './messages.en';
import { zhCN } from './messages.zh-CN';

export type Language = 'en' | 'zh-CN';
export type MessageKey = keyof typeof en;
export type Param = string | number | Message;

export interface Message {
  readonly key: MessageKey;
  readonly params: Readonly<Record<string, Param>>;
}

/** A message, or a sentence not yet turned into one: sent as it is, in every language. */
export type Wording = string | Message;

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
type ParamsOf<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never] ? [] : [params: Record<Placeholders<(typeof en)[K]>, Param>];

/** `msg('not-found', { what: msg('entity.item', { id: 5 }) })`: the compiler checks the key and its placeholders. */
export function msg<K extends MessageKey>(key: K, ...params: ParamsOf<K>): Message {
  return { key, params: params[0] ?? {} };
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function isMessage(wording: Wording | Param): wording is Message {
  return typeof wording === 'object' && wording !== null;
}

export function render(wording: Wording, language: Language): string {
  if (!isMessage(wording)) return wording;
  const template: string = CATALOGUES[language][wording.key] ?? en[wording.key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = wording.params[name];
    if (value === undefined) return whole;
    return isMessage(value) ? render(value, language) : String(value);
  });
}
