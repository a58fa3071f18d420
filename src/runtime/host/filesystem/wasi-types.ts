/** wasi:filesystem/types values as jco passes them to and from the host. */
export interface DescriptorFlags {
  read?: boolean;
  write?: boolean;
  fileIntegritySync?: boolean;
  dataIntegritySync?: boolean;
  requestedWriteSync?: boolean;
  mutateDirectory?: boolean;
}
export interface PathFlags {
  symlinkFollow?: boolean;
}
export interface OpenFlags {
  create?: boolean;
  directory?: boolean;
  exclusive?: boolean;
  truncate?: boolean;
}
export interface Datetime {
  seconds: bigint;
  nanoseconds: number;
}
export type NewTimestamp =
  { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Datetime };
export type DescriptorType = 'regular-file' | 'directory' | 'symbolic-link';
export interface DescriptorStat {
  type: DescriptorType;
  linkCount: bigint;
  size: bigint;
  dataAccessTimestamp: Datetime | undefined;
  dataModificationTimestamp: Datetime | undefined;
  statusChangeTimestamp: Datetime | undefined;
}
export interface MetadataHashValue {
  lower: bigint;
  upper: bigint;
}
