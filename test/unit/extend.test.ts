import { extend } from '../../src/util/extend';

describe('extend', () => {
  it('is the spread it stands for: a copy of the base with the extra keys added, the extra winning, the base unchanged', () => {
    const base = { a: 1, b: 2 };
    const out = extend(base, { b: 3, c: 4 });
    expect(out).toEqual({ a: 1, b: 3, c: 4 });
    expect(base).toEqual({ a: 1, b: 2 });
    expect(out).not.toBe(base);
  });
});
