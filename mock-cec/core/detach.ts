/**
 * A copy of `text` that does not keep alive the larger string it was cut
 * from. V8 makes a substring of 13 characters or more a view into its parent,
 * so a 30-byte Call-ID kept for an hour would keep the whole message it was
 * read from (measured: 5 KB kept per 30-byte slice of a 5 KB string, 48 bytes
 * once detached). State that outlives a message keeps detached copies.
 * Joining a character in front makes V8 flatten a fresh string to slice from.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

export function detachMaybe(text: string | undefined): string | undefined {
  return text === undefined ? undefined : detach(text);
}
