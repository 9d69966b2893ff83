import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // The market's content-security-policy allows no inline script.
    modulePreload: { polyfill: false },
  },
  server: {
    // `npx vite src/web` during development: API calls go to the market of `npm start`.
    proxy: Object.fromEntries(
      [
        '/kinds',
        '/searches',
        '/orders',
        '/sellers',
        '/seller',
        '/operator',
        '/livez',
        '/readyz',
        '/terminal-config',
      ]
        .map((p) => [p, 'http://127.0.0.1:8080'])
        // The pickup counter's API is delivery's (its pages, /clerk, are served here meanwhile).
        .concat(
          ['session', 'parcels', 'drop-off', 'dispatch', 'arrival', 'return', 'hand-over'].map((p) => [
            `/clerk/${p}`,
            'http://127.0.0.1:8090',
          ]),
        ),
    ),
  },
});
