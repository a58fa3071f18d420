/**
 * The virtual filesystem: the manifest's seed files before a run, the final tree after one, with
 * created / changed / deleted marked in words and colour; a file's content (text, or a hex dump)
 * and a download button.
 */
import { useEffect, useMemo, useState } from 'react';
import { resolveManifest } from '../../manifest/resolve';
import type { FileEntry, FileStatus } from '../../runtime/vfs/diff';
import { mergeSeedFiles } from '../lib/seed-merge';
import {
  asText,
  buildFileTree,
  countChanges,
  hexDump,
  seedEntries,
  type FileNode,
} from '../lib/files';
import { formatBytes } from '../lib/format';
import { sniffMedia } from '../lib/media';
import { appStore } from '../store/state';
import { useStore } from '../store/store';

const STATUS_MARK: Record<FileStatus, string> = {
  created: '+',
  changed: '~',
  deleted: '−',
  unchanged: '',
};

function StatusTag({ status }: { status: FileStatus }) {
  if (status === 'unchanged') return null;
  return (
    <span className={`fstatus fs-${status}`}>
      <span aria-hidden="true">{STATUS_MARK[status]}</span> {status}
    </span>
  );
}

/**
 * A directory shows this many entries, then a button for the next as many: a program that
 * writes thousands of files must not freeze the page while they are drawn (the whole list
 * took ~300 ms of one task for 2,000 files).
 */
export const ENTRIES_PER_PAGE = 200;

function TreeNode({
  node,
  depth,
  selected,
  onSelect,
}: {
  node: FileNode;
  depth: number;
  selected: string | null;
  onSelect: (n: FileNode) => void;
}) {
  const [open, setOpen] = useState(true);
  const [shown, setShown] = useState(ENTRIES_PER_PAGE);
  const isDir = node.kind === 'directory';
  const hidden = node.children.length - shown;
  return (
    <li>
      <button
        type="button"
        className={`tree-row fs-row-${node.status}${selected === node.path ? ' selected' : ''}`}
        style={{ paddingLeft: 8 + depth * 14 }}
        aria-expanded={isDir ? open : undefined}
        aria-current={selected === node.path ? 'true' : undefined}
        onClick={() => (isDir ? setOpen((o) => !o) : onSelect(node))}
        title={node.path}
      >
        <span className="tree-twisty" aria-hidden="true">
          {isDir ? (open ? '▾' : '▸') : ''}
        </span>
        <span className={`tree-icon ${isDir ? 'icon-dir' : 'icon-file'}`} aria-hidden="true">
          {isDir ? '▭' : '▤'}
        </span>
        <span className="tree-name">{node.name}</span>
        {!isDir && <span className="tree-size">{formatBytes(node.size)}</span>}
        {node.kind === 'symlink' && <span className="tree-size">→ {node.entry?.target}</span>}
        <StatusTag status={node.status} />
        {isDir && node.changesBelow > 0 && node.status === 'unchanged' && (
          <span className="tree-badge" title={`${node.changesBelow} change(s) inside`}>
            {node.changesBelow}
          </span>
        )}
      </button>
      {isDir && open && node.children.length > 0 && (
        <ul>
          {node.children.slice(0, shown).map((c) => (
            <TreeNode
              key={c.path}
              node={c}
              depth={depth + 1}
              selected={selected}
              onSelect={onSelect}
            />
          ))}
          {hidden > 0 && (
            <li>
              <button
                type="button"
                className="tree-row tree-more"
                style={{ paddingLeft: 8 + (depth + 1) * 14 }}
                onClick={() => setShown((n) => n + ENTRIES_PER_PAGE)}
              >
                Show {Math.min(ENTRIES_PER_PAGE, hidden).toLocaleString('en-US')} more of{' '}
                {hidden.toLocaleString('en-US')} in {node.name || '/'}
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

function download(entry: FileEntry): void {
  const bytes = entry.bytes ?? new Uint8Array();
  const blob = new Blob([bytes as BlobPart], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = entry.path.split('/').pop() || 'file';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A sound the user can play, or an image to look at, above the hex dump. */
function MediaPreview({ bytes, path }: { bytes: Uint8Array; path: string }) {
  const media = useMemo(() => sniffMedia(bytes), [bytes]);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!media) return;
    const u = URL.createObjectURL(new Blob([bytes as BlobPart], { type: media.mime }));
    setUrl(u);
    return () => {
      URL.revokeObjectURL(u);
      setUrl(null);
    };
  }, [bytes, media]);
  if (!media || !url) return null;
  return (
    <div className="file-media">
      {media.kind === 'audio' ? (
        <audio controls src={url} aria-label={`Play ${path}`} />
      ) : (
        <img src={url} alt={`${path} (image written by the run)`} />
      )}
    </div>
  );
}

function Viewer({ entry }: { entry: FileEntry }) {
  const bytes = useMemo(() => entry.bytes ?? new Uint8Array(), [entry.bytes]);
  const text = useMemo(() => asText(bytes), [bytes]);
  return (
    <section className="file-viewer" role="region" aria-label={`File ${entry.path}`}>
      <div className="file-viewer-header">
        <code className="file-path">{entry.path}</code>
        <StatusTag status={entry.status} />
        <span className="pane-meta">
          {formatBytes(entry.size)}
          {text === null && bytes.length > 0 ? ' · binary' : ''}
        </span>
        <div className="pane-spacer" />
        <button type="button" className="btn btn-small" onClick={() => download(entry)}>
          Download
        </button>
      </div>
      {entry.status === 'deleted' && (
        <div className="file-note">Deleted by the run. Its content before the run:</div>
      )}
      {text === null && <MediaPreview bytes={bytes} path={entry.path} />}
      <pre className="file-content">
        {bytes.length === 0 ? (
          <span className="muted">(empty file)</span>
        ) : text !== null ? (
          text
        ) : (
          hexDump(bytes)
        )}
      </pre>
    </section>
  );
}

export function FilesPane() {
  const runFiles = useStore(appStore, (s) => s.run.files);
  const runSeq = useStore(appStore, (s) => s.run.seq);
  const phase = useStore(appStore, (s) => s.run.phase);
  const parsed = useStore(appStore, (s) => s.parsed);
  const seedFiles = useStore(appStore, (s) => s.seedFiles);
  const { seeds, orphans } = useMemo(() => {
    if (!parsed.ok) return { seeds: null, orphans: [] as string[] };
    if (Object.keys(seedFiles).length === 0)
      return { seeds: seedEntries(parsed.resolved.mounts), orphans: [] as string[] };
    const merged = mergeSeedFiles(parsed.manifest, seedFiles);
    return { seeds: seedEntries(resolveManifest(merged.manifest).mounts), orphans: merged.orphans };
  }, [parsed, seedFiles]);
  const showingRun = runFiles !== null && phase === 'done';
  const entries = useMemo(
    () => (showingRun ? runFiles : (seeds ?? [])),
    [showingRun, runFiles, seeds],
  );
  const tree = useMemo(() => buildFileTree(entries), [entries]);
  const changes = useMemo(() => countChanges(entries), [entries]);
  const [selected, setSelected] = useState<string | null>(null);
  const selectedEntry = entries.find((e) => e.path === selected && e.kind === 'file');

  // Keep the selection when it still exists; otherwise pick the first changed file after a run.
  useEffect(() => {
    if (!showingRun) return;
    const firstChanged = runFiles.find((e) => e.kind === 'file' && e.status !== 'unchanged');
    if (firstChanged) setSelected(firstChanged.path);
  }, [showingRun, runFiles]);

  let caption: string;
  if (showingRun) {
    const parts = (['created', 'changed', 'deleted'] as const)
      .filter((k) => changes[k] > 0)
      .map((k) => `${changes[k]} ${k}`);
    caption = `After run #${runSeq}: ${parts.length ? parts.join(', ') : 'nothing changed'}`;
  } else if (!parsed.ok) caption = 'The manifest does not parse: no files to show.';
  else if (phase === 'done' && runFiles === null)
    caption = 'The run was stopped before its files could be read; showing the seed files.';
  else caption = 'Before the run: the seed files of the manifest’s mounts.';

  return (
    <div className="pane files-pane">
      <div className="pane-subheader">
        <span>{caption}</span>
      </div>
      {orphans.length > 0 && (
        <div className="pane-subheader text-bad">
          {orphans.length} seed file(s) lie outside every mount and are not visible:{' '}
          {orphans.slice(0, 3).join(', ')}
        </div>
      )}
      {tree.length === 0 ? (
        <div className="empty-hint">
          No directory is mounted: the guest sees no files at all. Add a <code>mounts</code> entry
          to the manifest to give it one.
        </div>
      ) : (
        <div className="files-split">
          <ul className="tree" aria-label="File tree">
            {tree.map((n) => (
              <TreeNode
                key={n.path}
                node={n}
                depth={0}
                selected={selected}
                onSelect={(x) => setSelected(x.path)}
              />
            ))}
          </ul>
          <div className="files-view">
            {selectedEntry ? (
              <Viewer entry={selectedEntry} />
            ) : (
              <div className="empty-hint">Select a file to see its content.</div>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
