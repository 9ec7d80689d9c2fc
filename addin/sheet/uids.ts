/**
 * Row ids. A row typed by hand has none; a copy-pasted row carries its original's. Both get a
 * fresh one before anything is sent, so the service never sees two rows with one id.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** 16 random characters (80 bits): ids must not collide across the agencies of a round. */
export function newUid(): string {
  const bytes = new Uint8Array(15);
  globalThis.crypto.getRandomValues(bytes);
  let out = 'r';
  for (let i = 0; i < 15; i++) out += ALPHABET[bytes[i]! & 31];
  return out;
}

/**
 * Rows that need a new id: those without one, and every repeat of an id after its first
 * occurrence (the copy, in sheet order).
 *
 * @example uidFixes([{uid:'a'},{uid:''},{uid:'a'}]) // → [{index:1,uid:'r…',copy:false},{index:2,uid:'r…',copy:true}]
 */
export function uidFixes(
  rows: readonly { uid: string }[],
  make: () => string = newUid,
): { index: number; uid: string; copy: boolean }[] {
  const seen = new Set<string>();
  const fixes: { index: number; uid: string; copy: boolean }[] = [];
  rows.forEach((r, index) => {
    if (r.uid && r.uid.length <= 64 && !seen.has(r.uid)) {
      seen.add(r.uid);
      return;
    }
    let uid = make();
    while (seen.has(uid)) uid = make();
    seen.add(uid);
    fixes.push({ index, uid, copy: seen.has(r.uid) });
  });
  return fixes;
}
