#!/usr/bin/env node
// `airlock run ...`: loads the TypeScript CLI through tsx (a dependency), then runs it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// Let stdout drain before exiting with the guest's code.
process.stdout.write('', () => process.exit(code));
