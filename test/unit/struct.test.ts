import { RouterError } from '../../src/domain/routerError';
import type { Struct__Output } from '../../src/generated/google/protobuf/Struct';
import { loadModelRouterPackage } from '../../src/transport/grpc/protoLoader';
import { fromStruct, toStruct } from '../../src/transport/grpc/struct';

/** `json` as a Struct over the wire and back, as proto-loader hands it to the server (CompleteRequest.extra). */
function overTheWire(json: Record<string, unknown>): Struct__Output {
  const complete = loadModelRouterPackage().proto.modelrouter.v1.ModelRouter.service.Complete;
  const decoded = complete.requestDeserialize(complete.requestSerialize({ extra: toStruct(json) }));
  if (!decoded.extra) throw new Error('extra did not survive the wire');
  return decoded.extra;
}

const withOwnProto = (): Record<string, unknown> => JSON.parse('{"a": {"__proto__": {"type": "x"}, "b": [1, {"c": null}]}}') as Record<string, unknown>;

describe('google.protobuf.Struct conversion', () => {
  it('round-trips JSON values: numbers, strings, booleans, null, lists and nested objects', () => {
    const json = { n: 1.5, s: 'x', t: true, z: null, list: [1, 'two', [false]], nested: { deep: { k: 'v' } } };
    expect(fromStruct(overTheWire(json))).toEqual(json);
  });

  it("keeps an answer's own __proto__ key as a field both ways, never as the prototype", () => {
    const back = fromStruct(overTheWire(withOwnProto()));
    const inner = back['a'] as Record<string, unknown>;
    expect(Object.getPrototypeOf(inner)).toBe(Object.prototype);
    expect(Object.keys(inner)).toEqual(['__proto__', 'b']);
    expect(JSON.stringify(back)).toBe(JSON.stringify(withOwnProto()));
  });

  it("refuses a __proto__ key in a caller's Struct, naming its path under the field's", () => {
    let error: unknown;
    try {
      fromStruct(overTheWire(withOwnProto()), ['tools', 2, 'input_schema']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RouterError);
    expect(error).toMatchObject({ kind: 'invalid_request', field: ['tools', 2, 'input_schema', 'a', '__proto__'] });
  });
});
