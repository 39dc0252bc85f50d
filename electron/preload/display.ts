import { contextBridge, ipcRenderer } from 'electron';
import { buildDisplayBridge } from './display-bridge';

// The citizen's display window: it may listen to the display state, and nothing else (no contract, no IPC).
contextBridge.exposeInMainWorld('sportelloDisplay', buildDisplayBridge(ipcRenderer));
