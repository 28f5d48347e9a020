// A media worker started from the TypeScript sources (tests, `npm start`): Node 20 cannot load .ts on
// its own, so register tsx in this thread first, then load the worker. The built package starts
// dist/media-worker.mjs instead (spawn-media-worker.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
