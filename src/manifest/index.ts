export * from './schema';
export * from './parse';
export * from './resolve';
export * from './format';
export * from './json-schema';
export { normalizeGuestPath, isWithin, MAX_NAME_BYTES, MAX_PATH_BYTES } from './guest-path';
export {
  DEFAULT_PORTS,
  originMatches,
  originText,
  parseHttpUrl,
  parseOriginPattern,
  parseRequestTarget,
  type HttpScheme,
  type HttpUrl,
  type OriginPattern,
  type RequestTarget,
} from './http-origin';
export { parseRfc3339 } from './rfc3339';
export { decodeBase64 } from '../share/base64';
export { semanticIssues, pathLabel, type SemanticIssue } from './semantic';
