import { createParser } from 'eventsource-parser';
import { send } from '../app/api.ts';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface SellerEvent {
  type: string;
  data: unknown;
}

/** Heartbeats come every 15 s; a stream silent for longer than this is taken as dead. */
const SILENCE_MS = 45_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Follows GET /seller/events with fetch, since EventSource cannot send the key in an
 * Authorization header (and the key never goes in a URL). A dropped stream is opened again with
 * Last-Event-ID, so the market replays whatever happened in between; `onLive(resumed)` says
 * whether it did. Returns a function that stops following.
 */
export function followSellerEvents(
  token: string,
  handlers: {
    onEvent(event: SellerEvent): void;
    onStatus(status: StreamStatus): void;
    onLive(resumed: boolean): void;
  },
): () => void {
  let stopped = false;
  let lastEventId: string | undefined;
  let failures = 0;
  let attempt: AbortController | undefined;
  let endWait: (() => void) | undefined;

  const connect = async (): Promise<'refused' | 'retry'> => {
    const current = new AbortController();
    attempt = current;
    let silence = setTimeout(() => current.abort(), SILENCE_MS);
    try {
      const response = await send('GET', '/seller/events', {
        token,
        signal: current.signal,
        headers: { accept: 'text/event-stream', ...(lastEventId && { 'last-event-id': lastEventId }) },
      });
      if (response.status === 401 || response.status === 403) return 'refused';
      if (!response.ok || !response.body) return 'retry';
      const parser = createParser({
        onEvent: (message) => {
          if (message.id) lastEventId = message.id;
          let data: unknown;
          try {
            data = JSON.parse(message.data);
          } catch {
            return;
          }
          handlers.onEvent({ type: message.event ?? 'message', data });
        },
        onComment: (comment) => {
          if (comment.trim() !== 'connected') return;
          failures = 0;
          handlers.onStatus('live');
          handlers.onLive(lastEventId !== undefined);
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return 'retry';
        clearTimeout(silence);
        silence = setTimeout(() => current.abort(), SILENCE_MS);
        parser.feed(value);
      }
    } catch {
      return 'retry';
    } finally {
      clearTimeout(silence);
    }
  };

  // A stream rarely survives the network going away, and may die without a sound: drop it at
  // once, and try again the moment the network is back instead of waiting out the back-off.
  const offline = () => attempt?.abort();
  const online = () => endWait?.();
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);

  void (async () => {
    handlers.onStatus('connecting');
    while (!stopped) {
      const outcome = await connect();
      if (stopped) return;
      if (outcome === 'refused') {
        handlers.onStatus('refused');
        return;
      }
      handlers.onStatus('reconnecting');
      // Backing off, with jitter, so that a market restart is not met by every seller at once.
      const wait = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures++) * (0.5 + Math.random() / 2);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        endWait = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      endWait = undefined;
    }
  })();

  return () => {
    stopped = true;
    window.removeEventListener('offline', offline);
    window.removeEventListener('online', online);
    attempt?.abort();
    endWait?.();
  };
}
