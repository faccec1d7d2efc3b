// Bad input on the command line: one line on stderr, exit 2, never a stack trace.
export class UsageError extends Error {}
