declare module 'virtual:airlock-prebuilt' {
  /** Build-time transpiled samples by SHA-256 of the component (see build/prebuilt-samples-plugin.ts). */
  const table: Record<
    string,
    {
      js: string;
      core: Record<string, string>;
      imports: string[];
      exports: [string, 'function' | 'instance'][];
    }
  >;
  export default table;
}
