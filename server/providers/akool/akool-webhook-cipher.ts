import { createDecipheriv } from 'node:crypto';

/** AES key sizes Akool's demo accepts; the key is the UTF-8 bytes of the client secret. */
const CIPHER_BY_KEY_LENGTH: Record<number, string> = { 16: 'aes-128-cbc', 24: 'aes-192-cbc', 32: 'aes-256-cbc' };

export function isUsableWebhookSecret(clientSecret: string): boolean {
  return Buffer.byteLength(clientSecret, 'utf8') in CIPHER_BY_KEY_LENGTH;
}

/** IV = the first 16 bytes of the client id, padded with spaces when shorter (as Akool's demo does). */
export function webhookIv(clientId: string): Buffer {
  const iv = Buffer.alloc(16, ' ');
  Buffer.from(clientId, 'utf8').copy(iv, 0, 0, 16);
  return iv;
}

/** Decrypts `dataEncrypt` (base64, AES-CBC, PKCS#7); throws when the key is unusable or the data is not valid. */
export function decryptAkoolPayload(dataEncrypt: string, clientId: string, clientSecret: string): string {
  const key = Buffer.from(clientSecret, 'utf8');
  const cipher = CIPHER_BY_KEY_LENGTH[key.length];
  if (!cipher) throw new Error(`the client secret is ${key.length} bytes; AES needs 16, 24 or 32`);
  const decipher = createDecipheriv(cipher, key, webhookIv(clientId));
  return Buffer.concat([decipher.update(Buffer.from(dataEncrypt, 'base64')), decipher.final()]).toString('utf8');
}
