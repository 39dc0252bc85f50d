export * from './profile';
export * from './layout';
export * from './encode';
export * from './bitmap';
export * from './codepage';
export { renderBlocks, renderPreviewPng } from './preview/render';
export * from './transport';
export * from './day-slip-layout';
