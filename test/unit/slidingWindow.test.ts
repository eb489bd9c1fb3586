import { LocalWindow, usedIn, waitMs } from '../../src/fleet/slidingWindow';

/** Counts oldest first: the bucket a minute ago, five more, the current one last. */
const buckets = (oldest: number, middle: number[], current: number): number[] => [oldest, ...middle, current];
const EMPTY = [0, 0, 0, 0, 0];

describe('the sliding one-minute window of 10 s buckets', () => {
  it('counts the oldest bucket by how much of it the window still covers, the rest whole', () => {
    expect(usedIn(buckets(100, EMPTY, 0), 0)).toBe(100);
    expect(usedIn(buckets(100, [1, 2, 3, 4, 5], 10), 2_500)).toBe(75 + 25);
    expect(usedIn(buckets(100, EMPTY, 10), 7_500)).toBe(35);
  });

  it('says when the next call fits: as the oldest bucket fades, or as later buckets come to fade', () => {
    // 100 in the oldest bucket, 5 s into the current one: half of it still weighs, so one more fits now.
    expect(waitMs(buckets(100, EMPTY, 0), 1, 100, 5_000)).toBe(0);
    // Full: 60 fading in the oldest, 40 whole in the current. One more fits once 59 of the 60 weigh: 1/60 of 10 s.
    expect(waitMs(buckets(60, EMPTY, 40), 1, 100, 0)).toBe(167);
    // Everything in the current bucket: it fades only a minute from its start.
    expect(waitMs(buckets(0, EMPTY, 100), 1, 100, 4_000)).toBe(6_000 + 5 * 10_000 + 100);
    // A burst in the bucket after the oldest: wait out the current bucket, then its fading.
    expect(waitMs(buckets(0, [100, 0, 0, 0, 0], 0), 1, 100, 9_000)).toBe(1_000 + 100);
  });

  it('counts in process: buckets move on and fall out of the window', () => {
    const w = new LocalWindow();
    w.add(10_000, 5);
    expect(w.read(15_000)).toEqual({ counts: [0, 0, 0, 0, 0, 0, 5], elapsedMs: 5_000 });
    expect(w.read(75_000).counts).toEqual([5, 0, 0, 0, 0, 0, 0]);
    expect(w.read(80_000).counts).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});
