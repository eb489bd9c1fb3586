import { basename, extname } from 'node:path';
import type { ContentBlock } from '../generated/modelrouter/v1/ContentBlock';
import { UsageError } from './argValues';
import { readFlagFile } from './files';

/** The image types the Messages API takes, by the extension that names them. */
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

const PDF = '.pdf';
const TEXT_DOCUMENTS: readonly string[] = ['.txt', '.md'];

/** An --image file as an image block with its bytes. */
export async function imageBlock(file: string): Promise<ContentBlock> {
  const mediaType = IMAGE_TYPES[extname(file).toLowerCase()];
  if (mediaType === undefined) {
    throw new UsageError(`--image file '${file}' has an unsupported extension; accepted: ${Object.keys(IMAGE_TYPES).join(', ')}`);
  }
  return { image: { source: { data: await readFlagFile('--image', file), media_type: mediaType } } };
}

/** A --document file: a PDF as bytes, a text or markdown file as text; titled with its file name. */
export async function documentBlock(file: string): Promise<ContentBlock> {
  const extension = extname(file).toLowerCase();
  const title = basename(file);
  if (extension === PDF) {
    return { document: { source: { data: await readFlagFile('--document', file), media_type: 'application/pdf' }, title } };
  }
  if (TEXT_DOCUMENTS.includes(extension)) {
    const text = (await readFlagFile('--document', file)).toString('utf8');
    return { document: { source: { text, media_type: 'text/plain' }, title } };
  }
  throw new UsageError(`--document file '${file}' has an unsupported extension; accepted: ${[PDF, ...TEXT_DOCUMENTS].join(', ')}`);
}
