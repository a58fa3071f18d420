/**
 * One rule for `?embed` / `?autorun`. The two old readers disagreed: the page mode
 * (ui/store/state.ts) took anything but 0/false as on (`?embed=banana` embedded the page), the
 * link reader (share/link.ts) only 1/true/bare, and not `yes`/`on` nor `TRUE`.
 */
import { describe, expect, it } from 'vitest';
import { decodeSandboxFromLocation } from './link';
import { readPageMode } from '../ui/store/state';
import { urlFlag } from './url-flags';

describe('urlFlag', () => {
  it.each([
    '?embed',
    '?embed=',
    '?embed=1',
    '?embed=true',
    '?embed=yes',
    '?embed=on',
    '?embed=TRUE',
    'embed=On',
  ])('%s is on', (search) => expect(urlFlag(search, 'embed')).toBe(true));

  it.each([
    '',
    '?',
    '?embed=0',
    '?embed=false',
    '?embed=no',
    '?embed=off',
    '?embed=banana',
    '?embedded=1',
    '?xembed',
  ])('%s is off', (search) => expect(urlFlag(search, 'embed')).toBe(false));

  it('reads the first of a repeated flag, and percent-encoded names and values', () => {
    expect(urlFlag('?embed=0&embed=1', 'embed')).toBe(false);
    expect(urlFlag('?%65mbed=%31', 'embed')).toBe(true);
    expect(urlFlag(new URLSearchParams('autorun=yes'), 'autorun')).toBe(true);
  });
});

describe('the page mode and the link agree', () => {
  it.each([
    ['?embed=banana&autorun=banana', false],
    ['?embed=yes&autorun=on', true],
    ['?embed&autorun', true],
    ['?embed=0&autorun=false', false],
  ])('%s', (search, on) => {
    const page = readPageMode(search);
    const link = decodeSandboxFromLocation({ search, hash: '' });
    expect([page.embed, page.autorun]).toEqual([on, on]);
    expect(link).toMatchObject({ ok: true, embed: on, autorun: on });
  });
});
