import { describe, expect, it } from 'vitest';
import { guestPathOf, parseDirFlag } from './dir-flag';

describe('parseDirFlag: HOST[::GUEST[::ro]] as wasmtime reads --dir', () => {
  it('HOST alone: the guest sees it under the same name', () => {
    expect(parseDirFlag('/tmp')).toEqual({ host: '/tmp', guest: '/tmp', readOnly: false });
    expect(parseDirFlag('out')).toEqual({ host: 'out', guest: 'out', readOnly: false });
  });

  it('keeps relative guest names exactly as given', () => {
    expect(parseDirFlag('./fixtures::fs-tests.dir')).toEqual({
      host: './fixtures',
      guest: 'fs-tests.dir',
      readOnly: false,
    });
    expect(parseDirFlag('.::.')).toEqual({ host: '.', guest: '.', readOnly: false });
  });

  it('::ro (and its spellings) only as the third part', () => {
    expect(parseDirFlag('a::/ro::ro')).toEqual({ host: 'a', guest: '/ro', readOnly: true });
    expect(parseDirFlag('a::/x::readonly')).toMatchObject({ readOnly: true });
    expect(parseDirFlag('a::/x::read-only')).toMatchObject({ readOnly: true });
  });

  // The cases where airlock run and the importer used to disagree.
  it('HOST::ro is a guest directory named "ro", as under wasmtime (the CLI read it as read-only)', () => {
    expect(parseDirFlag('./data::ro')).toEqual({ host: './data', guest: 'ro', readOnly: false });
  });
  it('an empty guest name is refused (the CLI mounted it as "")', () => {
    expect(parseDirFlag('a::')).toHaveProperty('error');
  });
  it('a fourth part is refused, not dropped (the importer dropped it)', () => {
    expect(parseDirFlag('a::b::c::ro')).toHaveProperty('error');
    expect(parseDirFlag('a::b::rw')).toHaveProperty('error');
  });
  it('the guest name is not made absolute (the importer wrote /fs-tests.dir)', () => {
    expect(parseDirFlag('h::fs-tests.dir')).toMatchObject({ guest: 'fs-tests.dir' });
  });
  it('an empty host is refused', () => {
    expect(parseDirFlag('')).toHaveProperty('error');
    expect(parseDirFlag('::/data')).toHaveProperty('error');
  });

  it('guestPathOf: how the policy reads a name', () => {
    expect(guestPathOf('fs-tests.dir')).toBe('/fs-tests.dir');
    expect(guestPathOf('.')).toBe('/');
    expect(guestPathOf('./a/../b')).toBe('/b');
    expect(guestPathOf('/data/')).toBe('/data');
  });
});
