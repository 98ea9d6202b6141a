import { ApiClient } from '../../server/web/admin/api-client';
import { DICTIONARIES, en, format, languageFor, MessageKey, setLanguage, t, zh } from '../../server/web/admin/i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('Admin page dictionary', () => {
  afterEach(() => setLanguage('en'));

  test('Chinese and English have exactly the same keys', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  test('every string is filled in and uses the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      for (const dict of Object.values(DICTIONARIES)) expect(dict[key].trim()).not.toBe('');
      expect({ key, placeholders: placeholders(zh[key]) }).toEqual({ key, placeholders: placeholders(en[key]) });
    }
  });

  test('the Chinese dictionary is actually Chinese where English words would show', () => {
    const untranslated = (Object.keys(en) as MessageKey[]).filter((k) => zh[k] === en[k] && /[a-z]{3,}/i.test(en[k]) && k !== 'audit.ip');
    expect(untranslated).toEqual([]);
  });

  test('the browser language picks Chinese for every zh tag and English otherwise', () => {
    expect(['zh', 'zh-CN', 'zh-TW', 'zh-Hans-SG', 'ZH-cn'].map(languageFor)).toEqual(['zh', 'zh', 'zh', 'zh', 'zh']);
    expect(['en-US', 'de', '', undefined, null, 'zha'].map(languageFor)).toEqual(['en', 'en', 'en', 'en', 'en', 'en']);
  });

  test('placeholders are filled as text, and an unfilled one stays visible', () => {
    expect(format('{from}–{to} of {total}', { from: 1, to: 20, total: 35 })).toBe('1–20 of 35');
    expect(format('Hello {name}', { name: '<b>x</b>' })).toBe('Hello <b>x</b>');
    expect(format('Hello {name}')).toBe('Hello {name}');
  });

  test('t answers in the chosen language', () => {
    setLanguage('zh');
    expect(t('common.range', { from: 1, to: 2, total: 2 })).toBe('第 1–2 条，共 2 条');
    setLanguage('en');
    expect(t('tab.audit')).toBe('Audit log');
  });

  test('the API client asks the server for problems in the page\'s language', async () => {
    const asked: Array<string | undefined> = [];
    const fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
      asked.push((init?.headers as Record<string, string>)['Accept-Language']);
      return new Response('{"data":[],"total":0}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const api = new ApiClient({ getItem: () => 'token', setItem: () => undefined, removeItem: () => undefined });
    try {
      setLanguage('zh');
      await api.get('/warehouses');
      setLanguage('en');
      await api.get('/warehouses');
    } finally {
      fetchSpy.mockRestore();
    }
    expect(asked).toEqual(['zh-CN', 'en']);
  });
});
