/** A wasi:filesystem error-code, thrown by the virtual filesystem. */
export type FsErrorCode =
  | 'access'
  | 'bad-descriptor'
  | 'busy'
  | 'exist'
  | 'file-too-large'
  | 'insufficient-space'
  | 'invalid'
  | 'is-directory'
  | 'loop'
  | 'name-too-long'
  | 'no-entry'
  | 'not-directory'
  | 'not-empty'
  | 'not-permitted'
  | 'overflow'
  | 'read-only'
  | 'unsupported'
  | 'cross-device';

export class VfsError extends Error {
  constructor(readonly code: FsErrorCode) {
    super(code);
    this.name = 'VfsError';
  }
}

export function isVfsError(error: unknown): error is VfsError {
  return error instanceof VfsError;
}
