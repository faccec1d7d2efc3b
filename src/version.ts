// Kept in step with package.json by test/version.test.ts; a constant so the one-file bundle needs no
// package.json beside it.
export const VERSION = '0.1.0';
