import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';

/*
 * Server reflection whose descriptors strict clients accept (buf curl --reflect, grpcurl, Go, Python; issue 15).
 *
 * @grpc/reflection serves the FileDescriptorProtos proto-loader makes with protobufjs's Root#toDescriptor (one file
 * per package), and those break rules protoc keeps:
 * - a map field's entry type is named after the field (`Labels`, health's `Statuses`) where protoc and every strict
 *   runtime expect `LabelsEntry` ("incorrect implicit map entry name"), and the field refers to it by that name;
 * - files declare no imports, though modelrouter.v1 uses google.protobuf.Struct and Empty from another file, so a
 *   client building the file finds those names "not imported";
 * - type references are relative (`MediaSource`), where protoc writes them fully qualified.
 * So the descriptors are rewritten before ReflectionService reads them: entries renamed as protoc names them,
 * references fully qualified, and each file's imports listed. (Reported upstream against grpc-node's reflection as
 * grpcurl issue #519, "incorrect implicit map entry name".)
 */

interface FieldProto {
  name?: string;
  typeName?: string;
  extendee?: string;
}
interface MessageProto {
  name?: string;
  field?: FieldProto[];
  extension?: FieldProto[];
  nestedType?: MessageProto[];
  enumType?: { name?: string }[];
  options?: { mapEntry?: boolean };
}
interface FileProto {
  name?: string;
  package?: string;
  dependency?: string[];
  messageType?: MessageProto[];
  enumType?: { name?: string }[];
  extension?: FieldProto[];
  service?: { method?: { inputType?: string; outputType?: string }[] }[];
}

// descriptor.proto comes with protobufjs's bundled well-known types; its codec reads and writes the files as objects.
const FILE_DESCRIPTOR = protoLoader.loadSync('google/protobuf/descriptor.proto')['google.protobuf.FileDescriptorProto'] as protoLoader.MessageTypeDefinition<
  FileProto,
  FileProto
>;

/** ReflectionService over `packageDefinition` (merged definitions are fine), serving corrected descriptors. */
export function strictReflectionService(packageDefinition: protoLoader.PackageDefinition): ReflectionService {
  const files = new Map<string, FileProto>();
  for (const definition of Object.values(packageDefinition)) {
    if (!isTypeDefinition(definition)) continue;
    for (const bytes of definition.fileDescriptorProtos) {
      const file = FILE_DESCRIPTOR.deserialize(Buffer.from(bytes));
      if (file.name !== undefined && !files.has(file.name)) files.set(file.name, file);
    }
  }
  const fixed = fixDescriptors([...files.values()]).map((file) => FILE_DESCRIPTOR.serialize(file));
  // ReflectionService reads nothing but the fileDescriptorProtos of each definition.
  const corrected: protoLoader.PackageDefinition = {};
  for (const [name, definition] of Object.entries(packageDefinition)) {
    corrected[name] = isTypeDefinition(definition) ? { ...definition, fileDescriptorProtos: fixed } : definition;
  }
  return new ReflectionService(corrected);
}

function isTypeDefinition(
  definition: protoLoader.AnyDefinition,
): definition is protoLoader.MessageTypeDefinition<object, object> | protoLoader.EnumTypeDefinition {
  return 'format' in definition && Array.isArray(definition.fileDescriptorProtos);
}

/** protoc's name for a map field's entry type: `labels` -> `LabelsEntry`, `foo_bar` -> `FooBarEntry`. */
export function mapEntryName(fieldName: string): string {
  return (
    fieldName
      .split('_')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('') + 'Entry'
  );
}

/** Renames map entries, qualifies every type reference and lists each file's imports, in place. */
export function fixDescriptors(files: FileProto[]): FileProto[] {
  const definedIn = new Map<string, FileProto>(); // fully qualified type name (leading dot) -> its file
  const fieldsIn: { file: FileProto; scope: string; fields: FieldProto[] }[] = [];
  const visit = (file: FileProto, scope: string, message: MessageProto): void => {
    const name = `${scope}.${message.name ?? ''}`;
    definedIn.set(name, file);
    for (const entry of message.nestedType ?? []) {
      const field = entry.options?.mapEntry ? (message.field ?? []).find((f) => f.typeName === entry.name) : undefined;
      if (field?.name) entry.name = field.typeName = mapEntryName(field.name);
    }
    for (const nested of message.nestedType ?? []) visit(file, name, nested);
    for (const nested of message.enumType ?? []) definedIn.set(`${name}.${nested.name ?? ''}`, file);
    fieldsIn.push({ file, scope: name, fields: [...(message.field ?? []), ...(message.extension ?? [])] });
  };
  for (const file of files) {
    const pkg = file.package ? `.${file.package}` : '';
    for (const message of file.messageType ?? []) visit(file, pkg, message);
    for (const nested of file.enumType ?? []) definedIn.set(`${pkg}.${nested.name ?? ''}`, file);
    fieldsIn.push({ file, scope: pkg, fields: file.extension ?? [] });
  }

  // protobuf's scoping: the innermost scope first, then each enclosing one up to the root.
  const qualify = (scope: string, ref: string): string => {
    for (let s = scope; !ref.startsWith('.'); s = s.slice(0, Math.max(s.lastIndexOf('.'), 0))) {
      if (definedIn.has(`${s}.${ref}`)) return `${s}.${ref}`;
      if (s === '') break;
    }
    return ref;
  };
  const refs = new Map<FileProto, (string | undefined)[]>(
    files.map((file) => [file, (file.service ?? []).flatMap((s) => (s.method ?? []).flatMap((m) => [m.inputType, m.outputType]))]),
  );
  for (const { file, scope, fields } of fieldsIn) {
    for (const field of fields) {
      if (field.typeName) field.typeName = qualify(scope, field.typeName);
      if (field.extendee) field.extendee = qualify(scope, field.extendee);
      refs.get(file)?.push(field.typeName, field.extendee);
    }
  }
  for (const file of files) {
    const imported = (refs.get(file) ?? []).map((ref) => (ref === undefined ? undefined : definedIn.get(ref)?.name));
    file.dependency = [...new Set([...(file.dependency ?? []), ...imported])].filter((name): name is string => name !== undefined && name !== file.name);
  }
  return files;
}
