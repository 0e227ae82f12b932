// Every UI string exists in both locales, with the same placeholders, and nothing is unused.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGE_KEYS } from '../src/shared/message-keys';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const load = (lang: string): Messages => JSON.parse(readFileSync(resolve(import.meta.dirname, `../public/_locales/${lang}/messages.json`), 'utf8')) as Messages;

describe('_locales', () => {
  const zh = load('zh_CN');
  const en = load('en');

  it('zh_CN and en have exactly the keys the code knows', () => {
    expect(Object.keys(zh).sort()).toEqual([...MESSAGE_KEYS].sort());
    expect(Object.keys(en).sort()).toEqual([...MESSAGE_KEYS].sort());
  });

  it('placeholders match between locales and are used in the text', () => {
    for (const key of MESSAGE_KEYS) {
      const names = Object.keys(zh[key]?.placeholders ?? {}).sort();
      expect(Object.keys(en[key]?.placeholders ?? {}).sort(), key).toEqual(names);
      for (const n of names) {
        expect(zh[key]?.message.toLowerCase(), key).toContain(`$${n}$`);
        expect(en[key]?.message.toLowerCase(), key).toContain(`$${n}$`);
      }
    }
  });

  it('the zh_CN strings are Chinese', () => {
    for (const key of MESSAGE_KEYS) expect(zh[key]?.message, key).toMatch(/[\u4e00-\u9fff]/);
  });
});
