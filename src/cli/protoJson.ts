import { loadModelRouterPackage } from '../transport/grpc/protoLoader';
import { fromStruct } from '../transport/grpc/struct';
import type { ListValue__Output } from '../generated/google/protobuf/ListValue';
import type { Struct__Output } from '../generated/google/protobuf/Struct';

/**
 * A message as proto-loader decodes it (snake_case keys, oneof discriminators, Struct as `fields`) in the proto3
 * JSON mapping, the form buf curl and grpcurl print: lowerCamelCase field names, int64 as strings, bytes as
 * base64, enums by name, Struct as plain JSON, Empty as {}. Every field is there, set or not (unset messages are
 * null), so scripts can rely on the names; a oneof shows only its member that is set.
 */
export function protoJson(typeName: string, message: unknown): unknown {
  return messageJson(descriptorOf(typeName), message);
}

/** The fields of a DescriptorProto as proto-loader hands it over (descriptor fields we read, nothing more). */
interface FieldDescriptor {
  name: string;
  type: string;
  typeName: string;
  label: string;
}

interface MessageDescriptor {
  name: string;
  field: FieldDescriptor[];
  nestedType: MessageDescriptor[];
  options: { mapEntry?: boolean } | null;
  /** The package-qualified name, added here. */
  fullName: string;
}

let descriptors: Map<string, MessageDescriptor> | undefined;

function allDescriptors(): Map<string, MessageDescriptor> {
  if (descriptors) return descriptors;
  const found = new Map<string, MessageDescriptor>();
  const add = (fullName: string, descriptor: Omit<MessageDescriptor, 'fullName'>): void => {
    found.set(fullName, { ...descriptor, fullName });
    for (const nested of descriptor.nestedType) add(`${fullName}.${nested.name}`, nested);
  };
  for (const [fullName, definition] of Object.entries(loadModelRouterPackage().packageDefinition)) {
    if ('format' in definition && definition.format === 'Protocol Buffer 3 DescriptorProto') add(fullName, definition.type as MessageDescriptor);
  }
  descriptors = found;
  return found;
}

function descriptorOf(fullName: string): MessageDescriptor {
  const descriptor = allDescriptors().get(fullName);
  if (!descriptor) throw new Error(`protoJson: unknown message type ${fullName}`);
  return descriptor;
}

/** A field's type name is relative (`Usage`, `Labels`) or qualified (`google.protobuf.Struct`): resolved as protoc does, innermost scope first. */
function resolveType(from: MessageDescriptor, typeName: string): string {
  const name = typeName.replace(/^\./, '');
  const scopes = from.fullName.split('.');
  for (let i = scopes.length; i >= 0; i--) {
    const candidate = [...scopes.slice(0, i), name].join('.');
    if (allDescriptors().has(candidate)) return candidate;
  }
  return name;
}

/** protoc's default json_name: underscores dropped, the letter after each one upper-cased. */
export function jsonName(fieldName: string): string {
  return fieldName.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

function messageJson(descriptor: MessageDescriptor, message: unknown): unknown {
  if (message === null || message === undefined) return null;
  switch (descriptor.fullName) {
    case 'google.protobuf.Struct':
      return fromStruct(message as Struct__Output);
    case 'google.protobuf.Value':
      return fromStruct({ fields: { value: message } })['value'];
    case 'google.protobuf.ListValue':
      return fromStruct({ fields: { list: { kind: 'listValue', listValue: message as ListValue__Output } } })['list'];
    case 'google.protobuf.Empty':
      return {};
  }
  const object = message as Record<string, unknown>;
  const json: Record<string, unknown> = {};
  for (const field of descriptor.field) {
    const value = object[field.name];
    // An unset oneof member (or proto3 optional) is absent from the decoded message, and from the JSON.
    if (value === undefined) continue;
    json[jsonName(field.name)] = fieldJson(descriptor, field, value);
  }
  return json;
}

function fieldJson(owner: MessageDescriptor, field: FieldDescriptor, value: unknown): unknown {
  if (field.label === 'LABEL_REPEATED') {
    if (field.type === 'TYPE_MESSAGE') {
      const entry = descriptorOf(resolveType(owner, field.typeName));
      if (entry.options?.mapEntry) return mapJson(entry, value);
    }
    return (Array.isArray(value) ? value : []).map((item) => singleJson(owner, field, item));
  }
  return singleJson(owner, field, value);
}

/** proto-loader decodes a map as a plain object of its values. */
function mapJson(entry: MessageDescriptor, value: unknown): Record<string, unknown> {
  const valueField = entry.field.find((f) => f.name === 'value');
  const json: Record<string, unknown> = {};
  for (const [key, item] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    json[key] = valueField ? singleJson(entry, valueField, item) : item;
  }
  return json;
}

function singleJson(owner: MessageDescriptor, field: FieldDescriptor, value: unknown): unknown {
  switch (field.type) {
    case 'TYPE_MESSAGE':
      return messageJson(descriptorOf(resolveType(owner, field.typeName)), value);
    case 'TYPE_BYTES':
      return Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
    case 'TYPE_DOUBLE':
    case 'TYPE_FLOAT':
      return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
    default:
      // Strings, bools, 32-bit numbers as they are; 64-bit integers are already strings and enums names (the loader's options).
      return value;
  }
}
