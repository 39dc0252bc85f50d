import { defineConfig } from 'vite';
import { nodeEntry } from '../../build-config/vite-node.ts';

// The device process for the packaged app (Electron utilityProcess) and the built browser host (Node fork).
export default defineConfig(
  nodeEntry({
    entry: new URL('./device-main.ts', import.meta.url).href,
    outDir: new URL('../../dist/smartcard', import.meta.url).href,
    fileName: 'device.cjs',
    format: 'cjs',
  }),
);
