import { useEffect } from 'react';

let audio: AudioContext | undefined;

/**
 * Browsers let a page make sound only after a user gesture: this runs in the click that turns
 * sound on, and plays the chime once so the seller hears what it will sound like.
 */
export function enableSound() {
  audio ??= new AudioContext();
  void audio.resume().then(chime);
}

/** A short two-note chime (Web Audio, no sound file to fetch). Silent until sound is enabled. */
export function chime() {
  if (audio?.state !== 'running') return;
  const start = audio.currentTime;
  for (const [i, frequency] of [880, 1320].entries()) {
    const at = start + i * 0.15;
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = frequency;
    volume.gain.setValueAtTime(0.0001, at);
    volume.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
    volume.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
    tone.connect(volume).connect(audio.destination);
    tone.start(at);
    tone.stop(at + 0.3);
  }
}

export type NotificationState = NotificationPermission | 'unsupported';

export const notificationState = (): NotificationState =>
  'Notification' in window ? Notification.permission : 'unsupported';

/** A system notification, when the seller allowed them and is looking at another tab or window. */
export function notifyOrder(title: string, body: string, tag: string) {
  if (notificationState() !== 'granted' || !document.hidden) return;
  try {
    const notification = new Notification(title, { body, tag });
    notification.onclick = () => window.focus();
  } catch {
    // Some mobile browsers allow notifications only from a service worker; the page cues remain.
  }
}

/**
 * "(2) Orders · Tokumei": the count of unseen orders in front of whatever title the page sets,
 * kept there when a page changes the title later.
 */
export function useTitleCount(count: number) {
  useEffect(() => {
    const strip = (title: string) => title.replace(/^\(\d+\) /, '');
    const apply = () => {
      const wanted = count > 0 ? `(${count}) ${strip(document.title)}` : strip(document.title);
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    const title = document.querySelector('title');
    if (!title) return;
    const watch = new MutationObserver(apply);
    watch.observe(title, { childList: true, characterData: true, subtree: true });
    return () => {
      watch.disconnect();
      document.title = strip(document.title);
    };
  }, [count]);
}
