import { type FrameSource, silenceSource } from './frame-source.ts';
import { sourceLoader } from './load-source.ts';
import type { MediaSource } from './media-engine.ts';

const load = sourceLoader();

/**
 * The customer's voice for a party of its mixer that has no leg of its own to
 * make it (an outside party, outside-party.ts): the same source its legs
 * play. A file is read in the background and the voice is silent until it is
 * (a file that cannot be read stays silent: the customer's first leg already
 * said why). An echo customer echoes what it hears through its own leg only;
 * here it says nothing. [choice]
 */
export function customerVoice(source: MediaSource): FrameSource {
  if (source.kind === 'echo') return silenceSource();
  let voice: FrameSource = silenceSource();
  load(source).then(
    (loaded) => {
      voice = loaded;
    },
    () => {},
  );
  return { frame: (index) => voice.frame(index), hear() {} };
}
