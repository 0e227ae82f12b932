/**
 * YAML scalars for front matter, written by hand so the seed's bytes come out exactly
 * (docs/zhihu-format.md §6.2: `'…'`, or `"…"` when the value holds `'`, with no escaping), while
 * every value still parses back unchanged (docs/threats.md §4.3: never a naive
 * template). The naive seed quoting is used only when it is provably value-preserving;
 * otherwise we fall back to a JSON-style double-quoted scalar with explicit escapes.
 */

/** Characters that YAML folds, rejects or that other tools treat as line breaks. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_QUOTES = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
const ESCAPE_EXTRA = /[\u007f-\u009f\u2028\u2029\ufeff]/g;
/** A plain (unquoted) scalar stays a string only if it looks like nothing else. */
const PLAIN_SAFE = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^#]*$/;
const PLAIN_RESERVED = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|[-+]?[0-9][0-9_.:eExXoObB+-]*|<<)$/;

/** Always-safe double-quoted scalar: JSON escapes are a subset of YAML's. */
export function yamlDoubleQuoted(value: string): string {
  return JSON.stringify(value).replace(ESCAPE_EXTRA, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The seed's quoting: single quotes, or double quotes when the value holds `'`.
 * Single-quoted YAML is literal except `''` and line folding; double-quoted is literal
 * except `\` and `"`. Anything else falls back to {@link yamlDoubleQuoted}.
 */
export function seedQuoted(value: string): string {
  if (UNSAFE_IN_QUOTES.test(value)) return yamlDoubleQuoted(value);
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"') && !value.includes('\\')) return `"${value}"`;
  return yamlDoubleQuoted(value);
}

/**
 * The seed writes `author`, `date` and category items unquoted. Keep that when the plain
 * scalar would read back as the same string (no leading indicator, no ` #`, no `: `,
 * not a number/bool/null look-alike); otherwise quote it.
 */
export function seedPlain(value: string): string {
  const plainOk =
    value.length > 0 &&
    value.trim() === value &&
    PLAIN_SAFE.test(value) &&
    !value.includes(': ') &&
    !value.endsWith(':') &&
    !UNSAFE_IN_QUOTES.test(value) &&
    !PLAIN_RESERVED.test(value) &&
    // A leading digit, `.`, `+` or `-` may read as a number or a date (`.5`, `2022-07-04 12:00`, `+1`)
    // in one parser or another; quoted, it is a string in all of them.
    !/^[0-9.+-]/.test(value);
  return plainOk ? value : seedQuoted(value);
}
