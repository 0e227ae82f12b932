// The response classifier of batch save (#14) on the real refusal bodies: blocked is not failed.
import { describe, expect, it } from 'vitest';
import { classifyResponse } from '../src/background/zhihu-response';
import { fixtureText } from './support/fixtures';

const JSON_TYPE = 'application/json; charset=utf-8';

describe('classifyResponse', () => {
  it('the real anti-bot page (served as 200 HTML) means verification', () => {
    expect(classifyResponse(200, 'text/html; charset=utf-8', fixtureText('antibot-zse-ck-challenge.html')).kind).toBe('verify');
  });

  it('the real 40362 body means verification, whatever the status', () => {
    expect(classifyResponse(200, JSON_TYPE, fixtureText('api-error-40362-short.json')).kind).toBe('verify');
    expect(classifyResponse(403, JSON_TYPE, fixtureText('api-error-40362-short.json')).kind).toBe('verify');
  });

  it('the real 10003 body with HTTP 403, a bare 403, a 429 and a 40352 mean verification', () => {
    expect(classifyResponse(403, JSON_TYPE, fixtureText('api-error-10003-http403.json'))).toEqual({ kind: 'verify', detail: 'HTTP 403 code 10003', unsigned: true });
    // Only 10003 is the refusal of an unsigned request: the others are not marked so.
    expect(classifyResponse(403, JSON_TYPE, fixtureText('api-error-40362-short.json'))).not.toHaveProperty('unsigned');
    expect(classifyResponse(403, 'text/plain', 'Forbidden')).toEqual({ kind: 'verify', detail: 'HTTP 403' });
    expect(classifyResponse(429, 'text/plain', '').kind).toBe('verify');
    expect(classifyResponse(403, JSON_TYPE, '{"error":{"need_login":true,"code":40352,"message":"x"}}').kind).toBe('verify');
  });

  it('401 means login; 5xx means try again later; an unknown answer is not taken as a page', () => {
    expect(classifyResponse(401, JSON_TYPE, '{"error":{"code":100,"message":"请求头或参数封装错误"}}').kind).toBe('login');
    expect(classifyResponse(502, 'text/html', '<html>Bad gateway</html>').kind).toBe('retry');
    expect(classifyResponse(404, JSON_TYPE, '{"error":{"code":404}}').kind).toBe('unexpected');
    expect(classifyResponse(200, JSON_TYPE, 'not json').kind).toBe('unexpected');
  });

  it('a real feeds page is ok, with its JSON', () => {
    const page = '{"data":[],"paging":{"is_end":true,"next":""}}';
    expect(classifyResponse(200, JSON_TYPE, page)).toEqual({ kind: 'ok', json: { data: [], paging: { is_end: true, next: '' } } });
  });
});
