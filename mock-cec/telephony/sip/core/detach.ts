/**
 * A copy of `text` that does not keep alive the larger string it was cut
 * from. V8 makes a substring of 13 characters or more a view into its parent,
 * so a Call-ID kept for an hour would keep the whole message head it was read
 * from (decision record 006). Only the parser calls this, for the values of
 * the headers that outlive their message (`lastingHeaders`): nothing past the
 * parser needs to know. Joining a character in front makes V8 flatten a fresh
 * string to slice from.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
