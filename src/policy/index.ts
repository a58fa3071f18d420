/** Where a WASI call is decided: pure functions from (resolved manifest, call facts) to a Decision. */
export * from './decision';
export * from './paths';
export * from './filesystem';
export * from './environment';
export * from './clocks';
export * from './random';
export * from './http';
export * from './sockets';
export * from './streams';
export * from './on-denied';
export * from './rules';
