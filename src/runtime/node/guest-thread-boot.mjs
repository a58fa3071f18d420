// Entry of the CLI's guest thread: registers tsx in this thread, then loads the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./guest-thread.ts');
