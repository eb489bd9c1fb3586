/** What the router learns about a request while validating it, so nothing walks the blocks twice. */
export interface RequestProfile {
  images: number;
  /** PDF documents (base64, url or file). */
  pdfs: number;
  /** Extended thinking is on (enabled or adaptive). */
  thinking: boolean;
  /** The text editor tool the request declares, as the caller named it. */
  textEditor: { type: string; name: string } | undefined;
  /** Characters of text, thinking, tool inputs and tool definitions: about 4 to a token. */
  textChars: number;
  /** Bytes of PDF data, where known (base64). */
  pdfBytes: number;
}

export function emptyProfile(): RequestProfile {
  return { images: 0, pdfs: 0, thinking: false, textEditor: undefined, textChars: 0, pdfBytes: 0 };
}

/** An image costs up to about 1600 tokens (a 1.15 megapixel image); more are resized down. */
const TOKENS_PER_IMAGE = 1600;
/** A PDF page costs 1500 to 3000 tokens; without page counts, a page is taken as about 50 KB. */
const PDF_BYTES_PER_TOKEN = 25;
const TOKENS_PER_PDF_MIN = 3000;

/** A cheap estimate of input tokens, upper-side for text, enough to skip a model whose window cannot hold it. */
export function estimateInputTokens(profile: RequestProfile): number {
  const pdfTokens = Math.max(profile.pdfs * TOKENS_PER_PDF_MIN, Math.ceil(profile.pdfBytes / PDF_BYTES_PER_TOKEN));
  return Math.ceil(profile.textChars / 4) + profile.images * TOKENS_PER_IMAGE + pdfTokens;
}
