#!/usr/bin/env node
// Node (≥ 22.18) strips the TypeScript types itself, so `npm ci && npm start` needs no build step
// and nothing but Node at run time; `npm test` type-checks the same sources with tsc.
await import('../src/cli.ts');
