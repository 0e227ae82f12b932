// What a batch's button and panel say, with the real zh_CN messages (chrome.i18n's substitution done the
// way Chrome does it: $NAME$ → the placeholder's $n). The case here: Zhihu's list ends with fewer items than
// the page's count (folded answers, items only their author sees); the finish must not say 已全部保存.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { BatchRow } from '../src/storage/batch-types';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const zh = JSON.parse(readFileSync(resolve(import.meta.dirname, '../public/_locales/zh_CN/messages.json'), 'utf8')) as Messages;

function getMessage(key: string, subs: string[] = []): string {
  const m = zh[key];
  if (!m) return '';
  return m.message.replace(/\$([A-Z_]+)\$/gi, (_, name: string) => {
    const content = m.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (__, n: string) => subs[Number(n) - 1] ?? '');
  });
}
vi.stubGlobal('chrome', { i18n: { getMessage, getUILanguage: () => 'zh-CN' } });
const { summarize } = await import('../src/shared/batch-text');

function row(over: Partial<BatchRow>): BatchRow {
  return {
    id: 'question:1', source: { kind: 'question', id: '1' }, pageUrl: 'https://www.zhihu.com/question/1', tag: null, topics: [],
    next: null, pagesFetched: 3, state: 'done', reason: null, detail: null, total: 29,
    counts: { saved: 29, skipped: 0, failed: 0, unavailable: 0 }, nextSeq: 29, tabId: 1, createdAt: 0, updatedAt: 0, ...over,
  };
}

describe('a finished batch in words', () => {
  it('says 已全部保存 when the list held as many as the page said', () => {
    expect(summarize(row({}), 0).text).toBe('已全部保存（29 项）');
  });

  it('says how many were listed, and why the rest are not there, when the list was short of the page count', () => {
    const s = summarize(row({ total: 1234, counts: { saved: 1000, skipped: 200, failed: 0, unavailable: 0 } }), 0);
    expect(s.view).toBe('saved');
    expect(s.total).toBe(1200);
    expect(s.text).toBe('已保存列表中的全部 1,200 项。知乎页面显示共 1,234 项，列表中只有 1,200 项：其余可能被折叠、仅作者可见或已删除，无法保存');
  });

  it('keeps the failed and deleted count first when both happen', () => {
    const s = summarize(row({ total: 31, counts: { saved: 25, skipped: 0, failed: 1, unavailable: 1 } }), 0);
    expect(s.text).toBe('已保存 25 项，2 项未能保存或已被删除。知乎页面显示共 31 项，列表中只有 27 项：其余可能被折叠、仅作者可见或已删除，无法保存');
  });

  it('does not call a list short while pages are still to come', () => {
    const s = summarize(row({ state: 'running', next: 'https://www.zhihu.com/api/v4/questions/1/feeds?cursor=x', total: 86, counts: { saved: 20, skipped: 0, failed: 0, unavailable: 0 } }), 0);
    expect(s.text).toBe('已保存 20 / 86');
  });
});
