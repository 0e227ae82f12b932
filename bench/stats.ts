// Shared by the scenarios: the middle value, which one slow run on a shared machine cannot move.
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
}
