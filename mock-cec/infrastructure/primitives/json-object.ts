/** A JSON object's members, as read from the wire: values still to be checked. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** What reading a text as a JSON object came to: the object, or why not (and what it was, when it was JSON). */
export type JsonObjectRead =
  | { ok: true; value: JsonObject }
  | { ok: false; problem: 'not JSON' }
  | { ok: false; problem: 'not a JSON object'; json: unknown };

/**
 * The one reader of JSON objects off the wire (request bodies, the third
 * party's answers): every edge reads with it and checks the members it needs,
 * then hands typed values inwards. Never throws.
 */
export function readJsonObject(text: string): JsonObjectRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  return json !== null && typeof json === 'object' && !Array.isArray(json)
    ? { ok: true, value: json as JsonObject }
    : { ok: false, problem: 'not a JSON object', json };
}

/** A `jsonObject()` for a request body: read on the first call, remembered (several steps may ask). */
export function lazyJsonObject(text: string): () => JsonObjectRead {
  let read: JsonObjectRead | undefined;
  return () => {
    read ??= readJsonObject(text);
    return read;
  };
}
