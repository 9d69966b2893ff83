import { problemOf, send, unreachable } from './api.ts';

/**
 * A file the service answers with (a label, a CSV), fetched with the seller's key (a plain link
 * could not carry it), and the name to save it under: `filename`, or with `served` the name the
 * service gives when it gives one.
 */
export async function fetchFile(
  path: string,
  options: { token: string; accept: string; filename: string; served?: boolean },
): Promise<{ blob: Blob; filename: string }> {
  let response: Response;
  try {
    response = await send('GET', path, { token: options.token, headers: { accept: options.accept } });
  } catch {
    throw unreachable('market');
  }
  if (!response.ok) throw await problemOf(response);
  const served = options.served
    ? /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1]
    : undefined;
  return { blob: await response.blob(), filename: served ?? options.filename };
}

/** Saves a blob as a download, as a link with `download` would. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by then; the object URL only keeps the bytes in memory.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
