import { afterAll, expect } from 'vitest';

// The files of a worker share one module graph (vitest.config.ts: isolate: false), so a file that
// leaves something on a built-in prototype changes what every file after it runs on.
const PROTOTYPES = { Object: Object.prototype, Array: Array.prototype, String: String.prototype };
const keysOf = (prototype: object) => Reflect.ownKeys(prototype).map(String).sort();
const before = Object.fromEntries(Object.entries(PROTOTYPES).map(([name, p]) => [name, keysOf(p)]));

afterAll(() => {
  const after = Object.fromEntries(Object.entries(PROTOTYPES).map(([name, p]) => [name, keysOf(p)]));
  expect(after, 'built-in prototypes as this file found them').toEqual(before);
});
