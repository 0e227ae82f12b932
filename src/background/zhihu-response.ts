/**
 * What a Zhihu API answer means for a batch (issue #14). Pure: status, content type and body in.
 *
 * Blocked is not failed: the anti-bot page, a 403, a 429 and the JSON refusals 40362 / 40352 / 10003
 * mean Zhihu wants a human to verify in a real tab. Retrying would only dig deeper, so the batch
 * pauses and says so. A 5xx or a dropped connection may pass: a few tries with backoff, then pause.
 */
export type ZhihuOutcome =
  | { kind: 'ok'; json: unknown }
  /** `unsigned`: the refusal Zhihu sends to requests without its page code's signature (10003), which a
   * question's batch can get around by letting the page itself load the answers (batch/page-driver.ts). */
  | { kind: 'verify'; detail: string; unsigned?: true }
  | { kind: 'login'; detail: string }
  | { kind: 'retry'; detail: string }
  /** Anything else; `status` and the parsed body let a caller read what it means (the watch: 404 = deleted). */
  | { kind: 'unexpected'; detail: string; status?: number; json?: unknown }
  /** Not sent: the batch was cancelled or paused while the request waited its turn (zhihu-fetch.ts). */
  | { kind: 'dropped'; detail: string };

/** Codes Zhihu puts in `error.code` when it refuses a client it does not trust (real bodies in test/fixtures/zhihu). */
const VERIFY_CODES = new Set([40362, 40352]);
/** "请求参数异常，请升级客户端后重试": sent with HTTP 403 to requests that lack Zhihu's own signature. */
const UNSIGNED_CODE = 10003;

/** The anti-bot page (antibot-zse-ck-challenge.html) is HTML served instead of JSON, marked by `zh-zse-ck`. */
function isAntibotPage(type: string, body: string): boolean {
  return type.includes('html') || /zh-zse-ck|zse-ck\//.test(body);
}

function errorCode(json: unknown): number | null {
  const err = (json as { error?: { code?: unknown } } | null)?.error;
  return typeof err?.code === 'number' ? err.code : null;
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export function classifyResponse(status: number, contentType: string, body: string): ZhihuOutcome {
  const type = contentType.toLowerCase();
  const json = type.includes('json') || body.trimStart().startsWith('{') ? parse(body) : undefined;
  const code = errorCode(json);
  if (status === 401) return { kind: 'login', detail: `HTTP 401${code ? ` code ${code}` : ''}` };
  if (code === UNSIGNED_CODE) return { kind: 'verify', detail: `HTTP ${status} code ${code}`, unsigned: true };
  if (code !== null && VERIFY_CODES.has(code)) return { kind: 'verify', detail: `HTTP ${status} code ${code}` };
  if (status === 403 || status === 429) return { kind: 'verify', detail: `HTTP ${status}${code ? ` code ${code}` : ''}` };
  if (status >= 500) return { kind: 'retry', detail: `HTTP ${status}` };
  if (status === 200 && json === undefined && isAntibotPage(type, body)) return { kind: 'verify', detail: 'anti-bot page' };
  if (status === 200 && json !== undefined && code === null) return { kind: 'ok', json };
  return { kind: 'unexpected', detail: `HTTP ${status}${code ? ` code ${code}` : ''}`, status, json };
}
