/**
 * The curated samples, for the app. Everything in samples/<id>/ is found here with Vite's
 * import.meta.glob: sample.json eagerly (small, needed for the picker), and the component,
 * manifests and lesson lazily (fetched when a sample is opened).
 *
 * This is the only module that uses import.meta.glob; ./sample-meta and ./challenge are plain
 * TypeScript usable from Node.
 */
import { sampleBytes, sampleWasmUrl } from './sample-bytes';
import { parseSampleMeta, type SampleMeta } from './sample-meta';

const metas = import.meta.glob<unknown>('../../samples/*/sample.json', {
  eager: true,
  import: 'default',
});
const manifestTexts = import.meta.glob<string>('../../samples/*/*.jsonc', {
  query: '?raw',
  import: 'default',
});
const lessonTexts = import.meta.glob<string>('../../samples/*/lesson.md', {
  query: '?raw',
  import: 'default',
});

export interface SampleEntry extends SampleMeta {
  /** File names of the manifests in the sample folder: "manifest.jsonc" first, then the variants'. */
  manifestFiles: string[];
  /** Whether the folder holds a worked solution of the challenge (solution.jsonc). */
  hasSolution: boolean;
  /** URL of the built component (<id>.wasm), served as application/wasm. */
  wasmUrl(): Promise<string>;
  /** The component's bytes. */
  wasmBytes(): Promise<Uint8Array>;
  /** The text (JSONC, with its comments) of a manifest file; the starting manifest by default. */
  manifestText(file?: string): Promise<string>;
  /** The lesson, as Markdown. */
  lesson(): Promise<string>;
}

const SAMPLES = '../../samples/';

function folderOf(globKey: string): string {
  // '../../samples/<id>/<file>'
  return globKey.slice(SAMPLES.length).split('/')[0] ?? '';
}

function loaderFor<T>(table: Record<string, () => Promise<T>>, key: string): () => Promise<T> {
  const load = table[key];
  if (!load)
    return () => Promise.reject(new Error(`sample file not found: ${key.slice(SAMPLES.length)}`));
  return load;
}

function buildCatalog(): SampleEntry[] {
  const entries: SampleEntry[] = [];
  for (const [key, raw] of Object.entries(metas)) {
    const folder = folderOf(key);
    const meta = parseSampleMeta(raw, `samples/${folder}/sample.json`);
    if (meta.id !== folder) {
      throw new Error(`samples/${folder}/sample.json: id "${meta.id}" must equal the folder name`);
    }
    const dir = `${SAMPLES}${folder}/`;
    const manifestFiles = [
      'manifest.jsonc',
      ...(meta.variants ?? []).map((v) => v.manifest).filter((f) => f !== 'manifest.jsonc'),
    ];
    entries.push({
      ...meta,
      manifestFiles,
      hasSolution: `${dir}solution.jsonc` in manifestTexts,
      wasmUrl: async () => {
        const url = sampleWasmUrl(meta.id);
        if (!url) throw new Error(`sample file not found: ${meta.id}/${meta.id}.wasm`);
        return url;
      },
      wasmBytes: () => sampleBytes(meta.id),
      manifestText: (file = 'manifest.jsonc') => loaderFor(manifestTexts, `${dir}${file}`)(),
      lesson: loaderFor(lessonTexts, `${dir}lesson.md`),
    });
  }
  return entries.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** All samples, in walk-through order. */
export const samples: readonly SampleEntry[] = buildCatalog();

/** The sample with this id, if any. */
export function getSample(id: string): SampleEntry | undefined {
  return samples.find((s) => s.id === id);
}
