// The library's date filter reads year-month-day text in the forms our UI languages write it.
import { describe, expect, it } from 'vitest';
import { dayStart, parseDay } from '../src/ui/library/day-input';

describe('parseDay', () => {
  it('reads 2024-03-01, 2024/3/1, 2024.3.1 and 2024年3月1日 as the same day', () => {
    for (const text of ['2024-03-01', '2024/3/1', ' 2024.3.1 ', '2024年3月1日', '2024 年 3 月 1 日']) expect(parseDay(text), text).toEqual({ year: 2024, month: 3, day: 1 });
  });
  it('empty is no filter; anything else that is not a real day is invalid', () => {
    expect(parseDay('  ')).toBeNull();
    for (const text of ['03/01/2024', '2024-02-30', '2024-13-01', '24-3-1', 'yesterday', '2024-3']) expect(parseDay(text), text).toBe('invalid');
  });
  it('a day starts at local midnight', () => {
    expect(new Date(dayStart({ year: 2024, month: 3, day: 1 })).toString()).toBe(new Date(2024, 2, 1).toString());
  });
});
