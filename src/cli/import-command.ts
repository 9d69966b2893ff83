import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { Presets, SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import type { ImportLine } from '../market/catalog/import-routes.ts';
import { ApiError, marketFetch, marketUrlOption } from './api-client.ts';
import { unreadableFile } from './usage-error.ts';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
} as const;
type Format = keyof typeof CONTENT_TYPES;

const FORMAT_BY_EXTENSION: Record<string, Format> = {
  '.csv': 'csv',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
};

type Result = Extract<ImportLine, { type: 'result' }>;

/** `tokumei import FILE`: A1–A2 in bulk for one seller, through the market's own API. */
export function registerImportCommand(program: Command): void {
  program
    .command('import <file>')
    .description('Import commodity information and offers from a CSV, JSON or NDJSON file (seller)')
    .addOption(new Option('--seller <key>', 'seller API key').env('TOKUMEI_SELLER_KEY').makeOptionMandatory())
    .addOption(marketUrlOption())
    .option('--atomic', 'load nothing when any row is bad', false)
    .addOption(
      new Option('--format <format>', 'file format (default: from the file extension)').choices(
        Object.keys(CONTENT_TYPES),
      ),
    )
    .action(async (file: string, o: { seller: string; url: string; atomic: boolean; format?: Format }) => {
      const format = o.format ?? FORMAT_BY_EXTENSION[extname(file).toLowerCase()];
      if (!format) {
        console.error(`Cannot tell the format of ${file} from its extension; give --format csv|json|ndjson`);
        process.exitCode = 1;
        return;
      }
      const result = await upload(file, format, o);
      if (!result) {
        process.exitCode = 1;
        return;
      }
      printResult(result);
      if (result.failed > 0) process.exitCode = 1;
    });
}

async function upload(
  file: string,
  format: Format,
  o: { seller: string; url: string; atomic: boolean },
): Promise<Result | undefined> {
  const body = readFile(file);
  const response = await marketFetch(o.url, `/seller/imports${o.atomic ? '?atomic=true' : ''}`, {
    method: 'POST',
    headers: { 'content-type': CONTENT_TYPES[format], authorization: `Bearer ${o.seller}` },
    body,
  });
  if (!response.ok || !response.body) {
    const text = await response.text();
    let body: ConstructorParameters<typeof ApiError>[1] = { detail: text };
    try {
      body = JSON.parse(text);
    } catch {}
    throw new ApiError(response.status, body);
  }

  // The bar is for people watching; a pipe or a log gets only the summary.
  const bar = process.stdout.isTTY
    ? new SingleBar(
        { format: 'Importing |{bar}| {percentage}% | {value}/{total} rows', hideCursor: true },
        Presets.shades_classic,
      )
    : undefined;
  let started = false;
  try {
    const lines = createInterface({ input: Readable.fromWeb(response.body as ReadableStream) });
    for await (const text of lines) {
      if (!text.trim()) continue;
      const line = JSON.parse(text) as ImportLine;
      if (line.type === 'progress') {
        if (!started) bar?.start(line.total, line.processed);
        else bar?.update(line.processed);
        started = true;
      } else if (line.type === 'result') {
        return line;
      } else {
        bar?.stop();
        started = false;
        console.error(`The import failed on the market (request ${line.requestId}): ${line.reason}`);
        return undefined;
      }
    }
  } finally {
    if (started) bar?.stop();
  }
  console.error('The market closed the connection before the import finished');
  return undefined;
}

function readFile(file: string) {
  try {
    return readFileSync(file);
  } catch (error) {
    throw unreadableFile(file, error);
  }
}

function printResult(r: Result): void {
  if (r.atomic && !r.committed) {
    console.log(`Nothing loaded (--atomic): ${r.failed} row(s) failed.`);
  } else {
    console.log(
      `Loaded ${r.loaded} row(s): ${r.created} created, ${r.updated} updated; ${r.failed} row(s) failed.`,
    );
  }
  for (const e of r.errors) console.log(`line ${e.line}: ${e.reason}`);
}
