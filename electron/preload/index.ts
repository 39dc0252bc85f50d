import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';
import { buildDisplayPublisher } from './display-publisher';

contextBridge.exposeInMainWorld('sportello', buildBridge(ipcRenderer));
// What the citizen's display shows: sent one way to main, which validates it and keeps it for the display.
contextBridge.exposeInMainWorld('sportelloDisplayFeed', buildDisplayPublisher(ipcRenderer));
