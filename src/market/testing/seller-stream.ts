import { EventSourceParserStream } from 'eventsource-parser/stream';

export interface StreamedEvent {
  id: string;
  event: string;
  data: any;
}

/**
 * Reads a seller's live stream (GET /seller/events) until `until` holds of the events so far.
 * A stream that ends first, or has not satisfied it within the generous `timeoutMs`, fails and
 * shows what did arrive: a read never passes because nothing came.
 */
export async function readStreamUntil(
  response: Response,
  until: (events: StreamedEvent[]) => boolean,
  timeoutMs = 30_000,
): Promise<StreamedEvent[]> {
  if (!response.body) throw new Error(`the stream answered ${response.status} with no body`);
  const reader = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  const events: StreamedEvent[] = [];
  const shown = () => `${events.length} event(s): ${JSON.stringify(events)}`;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the stream sent too little in ${timeoutMs} ms; ${shown()}`)),
      timeoutMs,
    );
  });
  try {
    while (!until(events)) {
      const next = await Promise.race([reader.read(), timedOut]);
      if (next.done) throw new Error(`the stream ended early; ${shown()}`);
      const { id = '', event, data } = next.value;
      if (event) events.push({ id, event, data: JSON.parse(data) });
    }
    return events;
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
  }
}
