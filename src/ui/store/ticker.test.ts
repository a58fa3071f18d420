import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameTicker, TrailingTicker } from './store';

describe('TrailingTicker (the log redraws a frame after the output)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('bumps one frame after its lead, once for many bumps', () => {
    const lead = new FrameTicker(0);
    const trailing = new TrailingTicker(lead);
    const heard: string[] = [];
    lead.subscribe(() => heard.push('lead'));
    trailing.subscribe(() => heard.push('trailing'));
    lead.bump();
    lead.bump();
    vi.advanceTimersByTime(16);
    expect(heard).toEqual(['lead']);
    vi.advanceTimersByTime(16);
    expect(heard).toEqual(['lead', 'trailing']);
    expect(trailing.version).toBe(1);
  });

  it('follows a flush at once (a run starts or ends: everything redraws now)', () => {
    const lead = new FrameTicker(0);
    const trailing = new TrailingTicker(lead);
    const heard: string[] = [];
    trailing.subscribe(() => heard.push('trailing'));
    lead.flush();
    expect(heard).toEqual(['trailing']);
    vi.advanceTimersByTime(100);
    expect(heard).toEqual(['trailing']);
  });
});
