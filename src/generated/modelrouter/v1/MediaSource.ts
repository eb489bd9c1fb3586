// Original file: proto/modelrouter/v1/model_router.proto


/**
 * MediaSource is where an image's or a document's content comes from: exactly one of data, url, file_id, text.
 */
export interface MediaSource {
  /**
   * The raw bytes (sent upstream as base64).
   */
  'data'?: (Buffer | Uint8Array | string);
  /**
   * A URL upstream fetches.
   */
  'url'?: (string);
  /**
   * A file uploaded with the Files API.
   */
  'file_id'?: (string);
  /**
   * Plain text (documents only).
   */
  'text'?: (string);
  /**
   * image/jpeg|image/png|image/gif|image/webp for images; application/pdf|text/plain for documents.
   */
  'media_type'?: (string);
  /**
   * Where the content comes from.
   */
  'source'?: "data"|"url"|"file_id"|"text";
}

/**
 * MediaSource is where an image's or a document's content comes from: exactly one of data, url, file_id, text.
 */
export interface MediaSource__Output {
  /**
   * The raw bytes (sent upstream as base64).
   */
  'data'?: (Buffer);
  /**
   * A URL upstream fetches.
   */
  'url'?: (string);
  /**
   * A file uploaded with the Files API.
   */
  'file_id'?: (string);
  /**
   * Plain text (documents only).
   */
  'text'?: (string);
  /**
   * image/jpeg|image/png|image/gif|image/webp for images; application/pdf|text/plain for documents.
   */
  'media_type': (string);
  /**
   * Where the content comes from.
   */
  'source'?: "data"|"url"|"file_id"|"text";
}
