/**
 * What the task pane needs from its host: Office's partition key and display
 * language inside Excel, the browser's outside it (the preview page).
 */
import type { KeyValueStorage } from '../api/session-store';

export interface HostEnv {
  partitionKey: string | null;
  displayLanguage: string;
  storage: KeyValueStorage;
  defaultServerUrl: string;
}

function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

function browserStorage(): KeyValueStorage {
  try {
    const probe = '__jxc_probe__';
    window.localStorage.setItem(probe, probe);
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    return memoryStorage();
  }
}

export function currentHost(): HostEnv {
  let partitionKey: string | null = null;
  let displayLanguage = typeof navigator !== 'undefined' ? navigator.language : 'en';
  try {
    const context = typeof Office !== 'undefined' ? Office.context : undefined;
    partitionKey = context?.partitionKey ?? null;
    displayLanguage = context?.displayLanguage || displayLanguage;
  } catch {
    // Outside Office the context is missing or throws on access.
  }
  const origin = typeof location !== 'undefined' && /^https?:$/.test(location.protocol) ? location.origin : '';
  return { partitionKey, displayLanguage, storage: browserStorage(), defaultServerUrl: origin };
}
