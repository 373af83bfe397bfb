import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from './db/schema.ts';
import { keySealer } from './key-seal.ts';
import { demoKeySecretFile, KeySecretError, type ResolvedKeySecret } from './key-secret.ts';
import { countSealedKeys, currentSigner, ensureKeys } from './modules/certificates/keys.service.ts';
import { writeLocalTrust } from './modules/certificates/local-trust.ts';
import { hasVapidKeys, vapidKeys } from './modules/notifications/push.ts';

/**
 * The server's start, for the private keys in the database. Without a key secret it refuses a database
 * that holds sealed keys (they could not be opened, and a VAPID key in clear must not stay so), and
 * otherwise runs with certificate signing and Web Push off. With one it proves now, not at the first
 * certificate, that the secret opens the signing key, seals a VAPID key an older version left in clear
 * (or makes the instance's pair), and gives the demo its keys. Answers warnings for the operator.
 */
export async function prepareKeys(
  db: Kysely<DB>,
  secret: ResolvedKeySecret | null,
  options: { demo: boolean; dataDir: string; now: Date },
): Promise<string[]> {
  if (!secret) {
    const sealed = await countSealedKeys(db);
    const vapid = await hasVapidKeys(db);
    if (sealed || vapid) throw new KeySecretError(noSecretMessage(sealed, vapid, options.dataDir));
    return [
      'No key secret is configured (SSKDT_KEY_SECRET or SSKDT_KEY_FILE): certificates cannot be signed and Web Push is off until one is.',
    ];
  }
  const sealer = keySealer(secret.secret);
  // The demo issues certificates: it gets signing keys when it has none.
  if (options.demo && (await ensureKeys(db, sealer, options.now)))
    await writeLocalTrust(db, options.dataDir, options.now);
  await currentSigner(db, sealer, options.now);
  await vapidKeys(db, keySealer(secret.secret, 'push-vapid'));
  return [];
}

function noSecretMessage(sealed: number, vapid: boolean, dataDir: string): string {
  const held = [
    ...(sealed ? [`${sealed} certificate signing key${sealed === 1 ? '' : 's'}`] : []),
    ...(vapid ? ['the Web Push (VAPID) private key'] : []),
  ].join(' and ');
  const lines = [
    `The database holds private keys that need the key secret (${held}), but no key secret is configured.`,
    `Set SSKDT_KEY_SECRET (the secret, at least 16 characters) or SSKDT_KEY_FILE (a file outside the data directory ${dataDir} holding it) to the secret the keys were sealed with, then start again.`,
  ];
  const demoFile = demoKeySecretFile(dataDir);
  if (fs.existsSync(demoFile))
    lines.push(
      `This data directory was used with --demo, whose secret is ${demoFile}: start with --demo, or with SSKDT_KEY_FILE=${demoFile}.`,
    );
  return lines.join('\n');
}
