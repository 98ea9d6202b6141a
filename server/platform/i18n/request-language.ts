import type { Request } from 'express';
import type { Language } from './message';

/**
 * The language a problem is answered in, from Accept-Language (q-values
 * honoured): any Chinese tag (`zh`, `zh-Hans`, `zh-CN`) → zh-CN; otherwise,
 * and by default, English.
 */
export function requestLanguage(req: Pick<Request, 'acceptsLanguages'>): Language {
  return req.acceptsLanguages('en', 'zh') === 'zh' ? 'zh-CN' : 'en';
}
