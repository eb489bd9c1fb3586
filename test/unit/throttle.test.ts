import { throttle } from '../../src/observability/throttle';

describe('throttle', () => {
  it('emits once per key and interval, and hands the count of the calls in between to the next emission', () => {
    let now = 0;
    const once = throttle(60_000, () => now);
    const emitted: [string, number][] = [];
    const call = (key: string): void => once(key, (suppressed) => emitted.push([key, suppressed]));
    call('file_descriptors');
    for (let i = 0; i < 5; i++) call('file_descriptors');
    call('dns');
    now = 59_999;
    call('file_descriptors');
    now = 60_000;
    call('file_descriptors');
    expect(emitted).toEqual([
      ['file_descriptors', 0],
      ['dns', 0],
      ['file_descriptors', 6],
    ]);
  });
});
