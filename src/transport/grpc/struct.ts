import type { ListValue__Output } from '../../generated/google/protobuf/ListValue';
import type { Struct, Struct__Output } from '../../generated/google/protobuf/Struct';
import type { Value, Value__Output } from '../../generated/google/protobuf/Value';
import type { JsonObject } from '../../domain/json';

/** google.protobuf.Struct as proto-loader hands it over, to the plain JSON object it stands for. */
export function fromStruct(struct: Struct__Output | null | undefined): JsonObject {
  const object: JsonObject = {};
  for (const [key, value] of Object.entries(struct?.fields ?? {})) object[key] = fromValue(value);
  return object;
}

function fromValue(value: Value__Output): unknown {
  switch (value.kind) {
    case 'numberValue':
      return value.numberValue;
    case 'stringValue':
      return value.stringValue;
    case 'boolValue':
      return value.boolValue;
    case 'structValue':
      return fromStruct(value.structValue);
    case 'listValue':
      return fromList(value.listValue);
    default:
      return null;
  }
}

function fromList(list: ListValue__Output | null | undefined): unknown[] {
  return (list?.values ?? []).map(fromValue);
}

/** A plain JSON object as a google.protobuf.Struct. */
export function toStruct(object: JsonObject): Struct {
  const fields: Record<string, Value> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined) fields[key] = toValue(value);
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
