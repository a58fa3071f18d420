/** What the interception layer needs to know about one WIT function. */
export interface WitFunction {
  /** Parameter names, `self` first for methods. */
  params: string[];
  /** The WIT result type, or null for functions that return nothing. */
  result: string | null;
  /**
   * The error channel: null when the function cannot fail (a denial must then be virtualised
   * or trap); `unit` for `result<T>`; `enum` errors are plain strings, `variant` errors are
   * `{ tag }` objects.
   */
  error: { type: string; kind: 'enum' | 'variant' | 'record' | 'flags' | 'resource' | 'unit' | 'other' } | null;
}

/** interface (`wasi:filesystem/types`) -> WIT function name (`[method]descriptor.open-at`) -> facts. */
export type WitTable = Record<string, Record<string, WitFunction>>;
