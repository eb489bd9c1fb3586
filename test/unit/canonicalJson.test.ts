import { canonicalJson } from '../../src/cache/canonicalJson';

describe('canonicalJson', () => {
  it('serializes objects that differ only in key order alike, with keys sorted', () => {
    const a = canonicalJson({ b: 1, a: 2, c: 3 });
    const b = canonicalJson({ c: 3, a: 2, b: 1 });
    expect(a).toBe(b);
    expect(a).toBe('{"a":2,"b":1,"c":3}');
  });

  it('sorts keys at every depth, inside arrays too, but keeps array order', () => {
    const one = { z: { y: [{ q: 1, p: 2 }, { b: [3, 2, 1], a: null }], x: 'x' }, a: [1, { d: true, c: false }] };
    const two = { a: [1, { c: false, d: true }], z: { x: 'x', y: [{ p: 2, q: 1 }, { a: null, b: [3, 2, 1] }] } };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(canonicalJson(one)).toBe('{"a":[1,{"c":false,"d":true}],"z":{"x":"x","y":[{"p":2,"q":1},{"a":null,"b":[3,2,1]}]}}');
    // Array order is meaningful (the order of messages is part of the request).
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ m: [{ role: 'user' }, { role: 'assistant' }] })).not.toBe(
      canonicalJson({ m: [{ role: 'assistant' }, { role: 'user' }] }),
    );
  });

  it('is valid JSON that parses back to an equal value', () => {
    const value = { s: 'quote " backslash \\ newline \n unicode é 😀', n: -1.5e-7, t: true, f: false, z: null, arr: [[], {}, [{}]] };
    const text = canonicalJson(value);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('matches JSON.stringify for primitives and for already sorted objects', () => {
    for (const v of [0, -1, 1.25, 'x', '', true, false, null, 'a"b', [1, 'two', null]]) {
      expect(canonicalJson(v)).toBe(JSON.stringify(v));
    }
    expect(canonicalJson({ a: 1, b: { c: [2] } })).toBe(JSON.stringify({ a: 1, b: { c: [2] } }));
  });

  it('drops undefined properties like JSON.stringify, so absent and undefined are the same', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: { x: undefined, y: 2 } })).toBe('{"a":{"y":2}}');
    // ...but undefined is not the same as 0, null or an empty string.
    expect(canonicalJson({ t: undefined })).not.toBe(canonicalJson({ t: 0 }));
    expect(canonicalJson({ t: undefined })).not.toBe(canonicalJson({ t: null }));
    expect(canonicalJson({ t: '' })).not.toBe(canonicalJson({ t: 0 }));
  });

  it('keeps types apart: a number, its string and a one-element array differ', () => {
    const forms = [{ v: 1 }, { v: '1' }, { v: [1] }, { v: { 0: 1 } }, { v: true }].map(canonicalJson);
    expect(new Set(forms).size).toBe(forms.length);
  });

  it('escapes keys, so crafted keys cannot imitate structure', () => {
    expect(canonicalJson({ 'a":1,"b': 2 })).toBe('{"a\\":1,\\"b":2}');
    expect(canonicalJson({ 'a":1,"b': 2 })).not.toBe(canonicalJson({ a: 1, b: 2 }));
  });
});
