/**
 * Discovery: from a denied call to least privilege. Record a run with everything granted, read
 * what the guest used from its trace, propose the narrowest manifest as edits a person accepts
 * one by one, grant a single call from the log, compare two runs, and tell whether a manifest
 * replays deterministically. Pure functions: no DOM, no React, no engine.
 */
export { recordingManifest } from './record';
export {
  observe,
  proposeManifest,
  type MountUse,
  type Observed,
  type OriginUse,
  type Proposal,
} from './propose';
export {
  applicationOrder,
  applyChanges,
  applyChangesToManifest,
  type Change,
  type ChangeKind,
  type JsonPath,
} from './changes';
export { hasDifferences, textDiff, unifiedDiff, type DiffLine } from './diff';
export { isChange, narrowestGrant, type GrantSuggestion } from './grant';
export {
  compareRuns,
  type CallPair,
  type FileDifference,
  type RunComparison,
  type RunRecord,
} from './compare';
export { isDeterministic, type Determinism } from './determinism';
export {
  callKey,
  canonicalEvent,
  traceFingerprint,
  type EventKeyOptions,
  type FingerprintOptions,
} from './fingerprint';
export { filesystemCall, httpRequests, type FsCall, type HttpRequestFact } from './trace-facts';
