/**
 * The policy fetch is the run's only door to the network: even a request the `handle` gate
 * never saw (a bypass) reaches no origin outside http.allow, and mocks never reach the network.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseManifest } from '../../manifest/parse';
import { createPolicyFetch } from './http-fetch';

function resolved(text: string) {
  const parsed = parseManifest(text);
  if (!parsed.ok) throw new Error(parsed.diagnostics[0]!.message);
  return parsed.resolved;
}

const manifest = resolved(`{
  "http": {
    "allow": ["https://api.example.com"],
    "mock": { "https://mock.example.org/x": { "status": 203, "body": "from the manifest" } }
  }
}`);

let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe('createPolicyFetch', () => {
  it('refuses an origin outside http.allow without touching the network', async () => {
    const network = vi.fn(async () => new Response('should not happen'));
    restore = createPolicyFetch(manifest, network as unknown as typeof fetch).install();
    await expect(fetch('https://evil.example.net/steal')).rejects.toThrow(
      /not allowed by the manifest/,
    );
    await expect(fetch('https://api.example.com.evil.net/')).rejects.toThrow();
    expect(network).not.toHaveBeenCalled();
  });

  it('answers a mocked URL from the manifest, never from the network', async () => {
    const network = vi.fn(async () => new Response('network'));
    restore = createPolicyFetch(manifest, network as unknown as typeof fetch).install();
    const response = await fetch('https://mock.example.org/x');
    expect(response.status).toBe(203);
    expect(await response.text()).toBe('from the manifest');
    expect(network).not.toHaveBeenCalled();
  });

  it('passes an allowed origin to the network, and puts a failure in plain words', async () => {
    const network = vi.fn(async () => new Response('ok'));
    restore = createPolicyFetch(manifest, network as unknown as typeof fetch).install();
    expect(await (await fetch('https://api.example.com/v1')).text()).toBe('ok');
    expect(network).toHaveBeenCalledTimes(1);
    restore();
    const failing = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    restore = createPolicyFetch(manifest, failing as unknown as typeof fetch).install();
    await expect(fetch('https://api.example.com/v1')).rejects.toThrow(/CORS/);
  });

  it('restores the real fetch after the run', () => {
    const before = globalThis.fetch;
    const undo = createPolicyFetch(manifest, undefined).install();
    expect(globalThis.fetch).not.toBe(before);
    undo();
    expect(globalThis.fetch).toBe(before);
  });
});
