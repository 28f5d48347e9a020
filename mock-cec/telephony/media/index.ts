export { PCMA, PCMU } from './codec.ts';
export { createMediaEngine, type MediaEngineOptions } from './create-media-engine.ts';
export type {
  MediaEngine,
  MediaFlavour,
  MediaMode,
  MediaOptions,
  MediaSession,
  MediaSource,
  MediaStats,
  PendingOffer,
} from './media-engine.ts';
export { MediaError, type MediaErrorCode } from './media-error.ts';
export { type AudioDescription, inspectOffer, type SdpProblem } from './sdp.ts';
export { readWav, type WavError, type WavResult } from './wav.ts';
