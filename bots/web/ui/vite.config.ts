import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The server answers GET /c/:token with dist/chat-ui/index.html and serves the rest under /chat-assets/.
export default defineConfig({
  root: import.meta.dirname,
  base: '/chat-assets/',
  plugins: [preact()],
  build: {
    outDir: resolve(import.meta.dirname, '../../../dist/chat-ui'),
    emptyOutDir: true,
  },
});
