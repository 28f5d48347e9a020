/**
 * The oldest key of a Map, in O(1) amortised, for maps bounded by forgetting
 * their oldest entries. `map.keys().next()` looks the same but is not: each
 * new iterator starts at the front of V8's hash table and walks over every
 * hole that earlier deletions left there, up to the map's whole capacity once
 * it is full (decision record 006, invariant 7). One iterator kept across
 * calls walks each hole once; a Map iterator stays valid across deletions,
 * insertions and rehashing.
 */
export class OldestFirst<K> {
  #it: Iterator<K> | undefined;

  constructor(private readonly map: ReadonlyMap<K, unknown>) {}

  /**
   * The oldest key not handed out before, which the caller then deletes; new
   * keys go to the back, so none can be skipped.
   */
  next(): K | undefined {
    let r = this.#it?.next();
    if (!r || r.done) {
      this.#it = this.map.keys();
      r = this.#it.next();
    }
    if (!r.done) return r.value;
    this.#it = undefined;
    return undefined;
  }
}
