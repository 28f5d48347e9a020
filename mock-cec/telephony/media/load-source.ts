import { readFile } from 'node:fs/promises';
import { echoSource, type FrameSource, recordingSource, silenceSource, toneSource } from './frame-source.ts';
import type { MediaSource } from './media-engine.ts';
import { MediaError } from './media-error.ts';
import { readWav } from './wav.ts';

export type ReadFile = (path: string) => Promise<Uint8Array>;

/**
 * Turns a MediaSource into frames. Files are read and decoded once per path
 * and kept (a scenario plays the same prompt on many calls); a file that
 * cannot be used rejects with a MediaError that names it.
 */
export function sourceLoader(read: ReadFile = readFile): (source: MediaSource) => Promise<FrameSource> {
  const recordings = new Map<string, Promise<Int16Array>>();
  const load = async (path: string): Promise<Int16Array> => {
    let bytes: Uint8Array;
    try {
      bytes = await read(path);
    } catch (err) {
      throw new MediaError('file-unreadable', `cannot read audio file ${path}: ${(err as Error).message}`);
    }
    const wav = readWav(bytes);
    if (!wav.ok) throw new MediaError(`wav-${wav.error.code}`, `${path}: ${wav.error.message}`);
    return wav.samples;
  };
  return async (source) => {
    switch (source.kind) {
      case 'tone':
        return toneSource(source.frequencyHz);
      case 'echo':
        return echoSource();
      case 'silence':
        return silenceSource();
      case 'file': {
        let pending = recordings.get(source.path);
        if (!pending) {
          pending = load(source.path);
          recordings.set(source.path, pending);
          // Forget failures, so a file fixed on disk is picked up by the next call.
          pending.catch(() => recordings.delete(source.path));
        }
        return recordingSource(await pending);
      }
    }
  };
}
