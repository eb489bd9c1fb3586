import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { BedrockException } from './errors';

/** What the fake requires of a request's AWS Signature Version 4. */
export interface SigV4Requirement {
  readonly accessKeyId: string;
  /** When set, the signature itself is recomputed and compared, so a body changed after signing is caught. */
  readonly secretAccessKey: string | undefined;
  readonly region: string;
  readonly service: string;
}

export type AuthFailure = { readonly type: BedrockException; readonly message?: string };

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9\-;]+),\s*Signature=([0-9a-f]{64})$/;

/** undefined when the request is signed as required; otherwise the exception AWS answers with. */
export function checkSigV4(req: IncomingMessage, body: string, need: SigV4Requirement): AuthFailure | undefined {
  const header = req.headers['authorization'];
  if (header === undefined || header === '') return { type: 'MissingAuthenticationTokenException' };
  const auth = parseAuthorization(header);
  if (auth === undefined) return { type: 'IncompleteSignatureException' };
  const amzDate = req.headers['x-amz-date'];
  if (typeof amzDate !== 'string' || !/^\d{8}T\d{6}Z$/.test(amzDate) || !auth.signedHeaders.includes('host')) {
    return {
      type: 'IncompleteSignatureException',
      message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header, and 'host' must be signed.",
    };
  }
  if (auth.accessKeyId !== need.accessKeyId) return { type: 'UnrecognizedClientException' };
  if (auth.service !== need.service) {
    return { type: 'InvalidSignatureException', message: `Credential should be scoped to correct service: '${need.service}'.` };
  }
  if (auth.region !== need.region) {
    return { type: 'InvalidSignatureException', message: `Credential should be scoped to a valid region, not '${auth.region}'.` };
  }
  if (!amzDate.startsWith(auth.date)) {
    return { type: 'InvalidSignatureException', message: 'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.' };
  }
  if (need.secretAccessKey === undefined) return undefined;
  const expected = signatureFor(req, body, auth, amzDate, need.secretAccessKey);
  const same = timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(auth.signature, 'hex'));
  return same ? undefined : { type: 'InvalidSignatureException' };
}

function parseAuthorization(header: string | string[]): ParsedAuthorization | undefined {
  if (typeof header !== 'string' || !header.startsWith(`${ALGORITHM} `)) return undefined;
  const match = AUTH_PATTERN.exec(header.trim());
  if (match === null) return undefined;
  const [, accessKeyId = '', date = '', region = '', service = '', signedHeaders = '', signature = ''] = match;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** The signature AWS computes for the request as received (the same algorithm as @smithy/signature-v4). */
function signatureFor(req: IncomingMessage, body: string, auth: ParsedAuthorization, amzDate: string, secret: string): string {
  const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?', 2);
  const canonicalHeaders = auth.signedHeaders.map((name) => `${name}:${headerValue(req, name)}\n`).join('');
  const canonicalRequest = [
    (req.method ?? 'GET').toUpperCase(),
    canonicalPath(rawPath),
    canonicalQuery(rawQuery),
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    sha256Hex(body),
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${secret}`, auth.date);
  for (const part of [auth.region, auth.service, 'aws4_request']) key = hmac(key, part);
  return hmac(key, stringToSign).toString('hex');
}

function headerValue(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text.trim().replace(/\s+/g, ' ');
}

/** Segments normalised, then URI-escaped once more (non-S3 services sign the already-encoded path again). */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `/${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

function canonicalQuery(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const [key = '', value = ''] = pair.split('=', 2).map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
      return `${escapeUri(key)}=${escapeUri(value)}`;
    })
    .sort()
    .join('&');
}

function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
