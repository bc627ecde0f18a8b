import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One main build with four entries: the Electron shell, the browser-mode server, the CLI and
// the engine worker. They share chunks (services, store, engine); only index.ts imports electron.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          serve: resolve(__dirname, 'src/main/serve.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          'engine-worker': resolve(__dirname, 'src/main/workers/engine-worker.ts'),
          'import-worker': resolve(__dirname, 'src/main/workers/import-worker.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload cannot require node_modules: bundle everything it uses.
    build: {
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      minify: 'esbuild',
      // one bundle for an offline desktop app: nothing to gain from splitting
      chunkSizeWarningLimit: 2500,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
