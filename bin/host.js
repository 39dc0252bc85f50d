#!/usr/bin/env node
// Runs the browser host from its TypeScript sources with the project's Node (>= 22).
import { register } from 'tsx/esm/api';

register();
await import('../electron/host/main.ts');
