export * from './accounts';
export * from './postings';
