/** A refusal the user can act on: printed as one line, without a stack trace. */
export class UsageError extends Error {}

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'there is no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
};

/** A file a command was given that it cannot read, in words. */
export const unreadableFile = (file: string, error: unknown): UsageError => {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return new UsageError(`cannot read ${file}: ${FILE_PROBLEMS[code] ?? (error as Error).message}`);
};
