declare module 'virtual:airlock-prebuilt' {
  /** Build-time transpiled samples by SHA-256 of the component (see build/prebuilt-samples-plugin.ts). */
  const table: Record<
    string,
    {
      js: string;
      core: Record<string, string>;
      imports: string[];
      exports: [string, 'function' | 'instance'][];
      /** The component's size in bytes. */
      size: number;
    }
  >;
  export default table;
  /** A sample's component hash by sample id (the key of its entry in the table). */
  export const bySample: Record<string, string>;
}
