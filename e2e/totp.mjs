// TOTP codes (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) for the demo's
// administrator and integrity officer, whose secret is fixed and published
// for the demo (crates/app/src/demo.rs, DEMO_TOTP_SECRET). The login forms of
// the flows fill the code field with `freshCode`; accounts without a second
// factor ignore it.
import { createHmac } from 'node:crypto';

export const DEMO_TOTP_SECRET = process.env.TOTP_SECRET || 'SUJARITDEMOTOTPSECRETONLYFORDEMO';
const STEP_SECONDS = 30;

/** RFC 4648 base32 (no padding, any case, spaces ignored) to bytes. */
export function base32Bytes(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=-]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(c);
    if (index < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The code of time step `step` (Unix time / 30). */
export function totpCode(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Bytes(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const number = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(number).padStart(6, '0');
}

const lastStep = new Map();

/**
 * A code for `account` that the server has not seen: a code is accepted once,
 * so a second login within the same 30 seconds takes the next step's (the
 * server allows one step of drift) or waits for it.
 */
export async function freshCode(account, secret = DEMO_TOTP_SECRET) {
  const now = Math.floor(Date.now() / 1000 / STEP_SECONDS);
  const step = Math.max(now, (lastStep.get(account) ?? -Infinity) + 1);
  if (step > now + 1) {
    await new Promise((resolve) => setTimeout(resolve, ((step - 1) * STEP_SECONDS * 1000) - Date.now() + 200));
  }
  lastStep.set(account, step);
  return totpCode(secret, step);
}
