/**
 * Entry of the sandboxed guest process (bundled to dist-cli/airlock-guest.mjs by
 * scripts/build-cli.mjs; started by ../run-thread.ts under Node's permission model). The same
 * file is the broker (main thread) and the guest thread.
 */
import { isMainThread } from 'node:worker_threads';
import { brokerMain } from './broker';
import { guestThreadMain } from './guest-thread';

if (isMainThread) brokerMain(new URL(import.meta.url));
else void guestThreadMain();
