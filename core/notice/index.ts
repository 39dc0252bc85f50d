export * from './compose';
export * from './document';
export * from './fit';
export * from './texts';
