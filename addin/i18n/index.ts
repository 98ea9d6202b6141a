/**
 * Translation: the add-in's language comes from Office's display language
 * (简体中文 for any Chinese, English otherwise) and can be switched.
 */
import type { Language } from '../sheets/layout';
import { en, MessageKey } from './en';
import { zhCN } from './zh-cn';

export type { Language, MessageKey };
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { en, zh: zhCN };

export function languageOf(displayLanguage: string | null | undefined): Language {
  return /^zh/i.test(displayLanguage ?? '') ? 'zh' : 'en';
}

/** What the server is asked to answer in (Accept-Language): it speaks zh-CN and en. */
export function acceptLanguageOf(language: Language): 'zh-CN' | 'en' {
  return language === 'zh' ? 'zh-CN' : 'en';
}

export function format(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translator(language: Language): Translate {
  const dictionary = DICTIONARIES[language];
  return (key, params) => format(dictionary[key] ?? en[key] ?? key, params);
}
