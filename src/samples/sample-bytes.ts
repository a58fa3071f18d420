/**
 * A sample's component bytes, fetched once per page (the early boot may ask before the app
 * knows it will open that sample; each caller gets its own copy). Kept apart from the catalog
 * so the early boot loads no schema to start the fetch.
 */

// Eager: URLs only (strings), so the bytes are fetched without a chunk round trip first.
const wasmUrls = import.meta.glob<string>('../../samples/*/*.wasm', {
  query: '?url',
  import: 'default',
  eager: true,
});

const fetched = new Map<string, Promise<ArrayBuffer>>();

/** The URL of samples/<id>/<id>.wasm, if the sample has one. */
export function sampleWasmUrl(id: string): string | undefined {
  return wasmUrls[`../../samples/${id}/${id}.wasm`];
}

async function fetchBytes(id: string): Promise<ArrayBuffer> {
  const url = sampleWasmUrl(id);
  if (!url) throw new Error(`sample file not found: ${id}/${id}.wasm`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${id}.wasm: HTTP ${res.status}`);
  return res.arrayBuffer();
}

export async function sampleBytes(id: string): Promise<Uint8Array> {
  let load = fetched.get(id);
  if (!load) {
    load = fetchBytes(id);
    fetched.set(id, load);
    // A failed fetch is forgotten, so a retry fetches again.
    load.catch(() => fetched.delete(id));
  }
  return new Uint8Array((await load).slice(0));
}
