import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The server serves dist/admin-ui under /admin (SPA fallback to index.html).
export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [preact()],
  build: {
    outDir: resolve(import.meta.dirname, '../dist/admin-ui'),
    emptyOutDir: true,
  },
  server: {
    // `vite -c admin-ui/vite.config.ts` next to `npm start`: the API stays on the real server.
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
