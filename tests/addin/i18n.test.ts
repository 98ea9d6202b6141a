import { en } from '../../addin/i18n/en';
import { zhCN } from '../../addin/i18n/zh-cn';
import { format, languageOf, translator } from '../../addin/i18n';
import { ADJUSTMENT_REASONS } from '../../contract/stock';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('Translations', () => {
  test('Both languages have the same keys, no empty strings, and the same placeholders per key', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(en)) {
      const zh = zhCN[key as keyof typeof en];
      expect(value.trim()).not.toBe('');
      expect(zh.trim()).not.toBe('');
      expect({ key, placeholders: placeholders(zh) }).toEqual({ key, placeholders: placeholders(value) });
    }
  });

  test('Every adjustment reason has a label in both languages', () => {
    for (const reason of ADJUSTMENT_REASONS) {
      expect(en[`reason.${reason}`]).toBeTruthy();
      expect(zhCN[`reason.${reason}`]).toBeTruthy();
    }
  });

  test('Office display languages map to 简体中文 or English; placeholders are filled', () => {
    expect(languageOf('zh-CN')).toBe('zh');
    expect(languageOf('zh-TW')).toBe('zh');
    expect(languageOf('en-US')).toBe('en');
    expect(languageOf('de-DE')).toBe('en');
    expect(languageOf(undefined)).toBe('en');
    expect(translator('zh')('signin.signedInAs', { name: '王' })).toBe('当前用户：王');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
