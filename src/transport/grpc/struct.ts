import type { Struct, Struct__Output } from '../../generated/google/protobuf/Struct';
import type { Value, Value__Output } from '../../generated/google/protobuf/Value';
import type { JsonObject } from '../../domain/json';
import { invalidField, type FieldPath } from '../../domain/routerError';

const PROTO_KEY = '__proto__';

/** A `__proto__` key met inside a caller's Struct; the path inside it is filled in on the way out. */
class PrototypeKey extends Error {
  readonly inner: (string | number)[] = [PROTO_KEY];
}

/**
 * google.protobuf.Struct as proto-loader hands it over, to the plain JSON object it stands for. A key `__proto__`
 * (proto-loader decodes it as an own key) would set the object's prototype if assigned: in a caller's request (`at`
 * given, the field's path) it is refused, as the HTTP door's JSON parser refuses it; in an answer shown by the CLI
 * (no `at`) it is kept as an own key, as JSON.parse keeps it.
 */
export function fromStruct(struct: Struct__Output | null | undefined, at?: FieldPath): JsonObject {
  if (at === undefined) return structObject(struct, true);
  try {
    return structObject(struct, false);
  } catch (error) {
    if (!(error instanceof PrototypeKey)) throw error;
    throw invalidField([...at, ...error.inner], 'a JSON object key that is not allowed (it would set the prototype)');
  }
}

function structObject(struct: Struct__Output | null | undefined, keepProtoKey: boolean): JsonObject {
  const object: JsonObject = {};
  const fields = struct?.fields;
  if (!fields) return object;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value === undefined) continue;
    if (key === PROTO_KEY) {
      if (!keepProtoKey) throw new PrototypeKey();
      setOwn(object, key, fromValue(value, keepProtoKey));
      continue;
    }
    try {
      object[key] = fromValue(value, keepProtoKey);
    } catch (error) {
      throw prefixed(error, key);
    }
  }
  return object;
}

/** `object[key] = value` as an own data property, even for `__proto__` (which assignment would take as the prototype). */
function setOwn(object: object, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `error`, with `key` put in front of its path when it is a PrototypeKey thrown from inside that key's value. */
function prefixed(error: unknown, key: string | number): unknown {
  if (error instanceof PrototypeKey) error.inner.unshift(key);
  return error;
}

function fromValue(value: Value__Output, keepProtoKey: boolean): unknown {
  switch (value.kind) {
    case 'numberValue':
      return value.numberValue;
    case 'stringValue':
      return value.stringValue;
    case 'boolValue':
      return value.boolValue;
    case 'structValue':
      return structObject(value.structValue, keepProtoKey);
    case 'listValue':
      return fromList(value.listValue?.values ?? [], keepProtoKey);
    default:
      return null;
  }
}

function fromList(values: readonly Value__Output[], keepProtoKey: boolean): unknown[] {
  const list: unknown[] = [];
  for (let i = 0; i < values.length; i++) {
    try {
      list.push(fromValue(values[i] as Value__Output, keepProtoKey));
    } catch (error) {
      throw prefixed(error, i);
    }
  }
  return list;
}

/** A plain JSON object as a google.protobuf.Struct. */
export function toStruct(object: JsonObject): Struct {
  const fields: Record<string, Value> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    // An answer's own `__proto__` key (JSON.parse keeps one) stays a field rather than becoming the prototype.
    if (key === PROTO_KEY) setOwn(fields, key, toValue(value));
    else fields[key] = toValue(value);
  }
  return { fields };
}

function toValue(value: unknown): Value {
  if (value === null || value === undefined) return { nullValue: 'NULL_VALUE' };
  if (typeof value === 'number') return { numberValue: value };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (Array.isArray(value)) return { listValue: { values: value.map(toValue) } };
  return { structValue: toStruct(value as JsonObject) };
}
