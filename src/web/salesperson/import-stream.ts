import { ApiError, type Problem, send, unreachable } from '../app/api.ts';
import type { Translate } from '../app/translate.ts';
import type { ImportLine } from './types.ts';

export type ImportResult = Extract<ImportLine, { type: 'result' }>;

/** The content types POST /seller/imports reads, by file extension. */
const TYPE_BY_EXTENSION: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  jsonl: 'application/x-ndjson',
};
export const IMPORT_ACCEPT = '.csv,.json,.ndjson,.jsonl,text/csv,application/json,application/x-ndjson';

/** The content type to send a file as, or null when the market cannot read it. */
export function importContentType(file: File): string | null {
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  const known = Object.values(TYPE_BY_EXTENSION);
  return TYPE_BY_EXTENSION[extension] ?? (known.includes(file.type) ? file.type : null);
}

/**
 * Sends the file itself as the body and follows the NDJSON answer: a progress line as each batch
 * finishes, then the result line with every bad row. A file the market cannot read at all is a
 * problem answer before anything loads.
 */
export async function importFile(options: {
  file: File;
  contentType: string;
  atomic: boolean;
  token: string;
  onProgress(processed: number, total: number): void;
  /** Words the problems this side makes up. */
  t: Translate;
}): Promise<ImportResult> {
  const { t } = options;
  let response: Response;
  try {
    response = await send('POST', `/seller/imports?atomic=${options.atomic}`, {
      body: options.file,
      token: options.token,
      headers: {
        'content-type': options.contentType,
        accept: 'application/x-ndjson, application/problem+json',
      },
    });
  } catch {
    throw unreachable('market');
  }
  if (!response.ok || !response.body) throw new ApiError(await problemOf(response));

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const text of lines) {
      if (!text.trim()) continue;
      const line = JSON.parse(text) as ImportLine;
      if (line.type === 'progress') options.onProgress(line.processed, line.total);
      else if (line.type === 'result') return line;
      else
        throw new ApiError({
          code: line.code,
          title: t('salesperson.import.stopped'),
          detail: t('salesperson.import.stoppedDetail', { reason: line.reason, requestId: line.requestId }),
          status: 500,
        });
    }
  }
  throw new ApiError({
    code: 'stream_ended',
    title: t('salesperson.import.connectionLost'),
    detail: t('salesperson.import.connectionLostDetail'),
    status: 0,
  });
}

async function problemOf(response: Response): Promise<Problem> {
  const body = (await response.json().catch(() => ({}))) as Partial<Problem>;
  return {
    ...body,
    code: body.code ?? `http_${response.status}`,
    title: body.title ?? response.statusText,
    status: response.status,
  };
}
