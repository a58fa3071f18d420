/** Sharing and saving sandboxes: links, sandbox files, the autosave, and exports. */
export * from './sandbox';
export * from './link';
export * from './sandbox-file';
export * from './storage';
export { sha256Hex } from './sha256';
export { encodeBase64, encodeBase64Url, decodeBase64Url } from './base64';
export { inflateRawCapped, MAX_INFLATED_BYTES } from './inflate';
export * from './export';
