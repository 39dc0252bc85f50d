import { enableCompileCache } from 'node:module';

// The built host's entry: V8's code cache (Node >= 22.1, in the OS temp folder) is on before the desk's modules
// load, so a second start skips parsing them; the desk itself is a chunk of its own (main.ts).
enableCompileCache?.();
await import('./main');
