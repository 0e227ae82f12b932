/**
 * The library's date filters are text fields, not <input type="date">: Chromium draws a date
 * input in the browser's locale (mm/dd/yyyy in an en-US browser) whatever the extension's UI
 * language. Here the reader types year-month-day, the order both of our UI languages read
 * (2024-03-01, 2024/3/1, 2024年3月1日), and the placeholder says so in the UI language.
 */
export interface Day {
  year: number;
  month: number;
  day: number;
}

const DAY_TEXT = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/;

/** A calendar day, or null for empty text; `invalid` for text that is not one. */
export function parseDay(text: string): Day | null | 'invalid' {
  if (!text.trim()) return null;
  const m = DAY_TEXT.exec(text);
  if (!m) return 'invalid';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Round-trip through Date so 2024-02-30 is refused rather than read as March 1st.
  const d = new Date(year, month - 1, day);
  return d.getFullYear() === year && d.getMonth() === month - 1 && d.getDate() === day ? { year, month, day } : 'invalid';
}

/** Local midnight of the day: a reader picks calendar days in their own time zone. */
export function dayStart(d: Day): number {
  return new Date(d.year, d.month - 1, d.day).getTime();
}
