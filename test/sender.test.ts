import { describe, expect, it } from 'vitest';
import { ALLOWED_SENDERS } from '../src/messaging/protocol';
import { classifySender } from '../src/messaging/sender';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;

describe('classifySender', () => {
  it('accepts our content script in the top frame of a Zhihu tab', () => {
    expect(classifySender({ id: ID, frameId: 0, tab: { id: 1, url: 'https://www.zhihu.com/question/1' }, origin: 'https://www.zhihu.com' }, ID, ORIGIN)).toBe('zhihu-content-script');
    expect(classifySender({ id: ID, frameId: 0, tab: { id: 1, url: 'https://zhuanlan.zhihu.com/p/1' } }, ID, ORIGIN)).toBe('zhihu-content-script');
  });

  it('rejects other extensions, sub-frames and non-Zhihu tabs', () => {
    expect(classifySender({ id: 'other', frameId: 0, tab: { url: 'https://www.zhihu.com/' } }, ID, ORIGIN)).toBe('unknown');
    expect(classifySender({ id: ID, frameId: 3, tab: { url: 'https://www.zhihu.com/' } }, ID, ORIGIN)).toBe('unknown');
    expect(classifySender({ id: ID, frameId: 0, tab: { url: 'https://www.zhihu.com.evil.com/' } }, ID, ORIGIN)).toBe('unknown');
    expect(classifySender({ id: ID, frameId: 0, tab: { url: 'http://www.zhihu.com/' } }, ID, ORIGIN)).toBe('unknown');
    expect(classifySender({ id: ID }, ID, ORIGIN)).toBe('unknown');
  });

  it('recognises our own pages by origin', () => {
    expect(classifySender({ id: ID, origin: ORIGIN }, ID, ORIGIN)).toBe('extension-page');
  });

  it('only content scripts may ask to save', () => {
    expect(ALLOWED_SENDERS['capture/save']).toEqual(['zhihu-content-script']);
  });
});
