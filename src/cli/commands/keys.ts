import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { loadServerConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/db/configured.ts';
import { keySealer, loadKeySecret } from '../../server/modules/certificates/key-seal.ts';
import {
  initKeys,
  KeyError,
  publishedKeys,
  rotateKeys,
} from '../../server/modules/certificates/keys.service.ts';
import { writeLocalTrust } from '../../server/modules/certificates/local-trust.ts';
import { EXPORT_FORMATS, type ExportFormat, exportTrust } from '../../server/modules/certificates/publish.ts';
import { prepareDatabase } from '../../server/setup.ts';
import { databaseOptions } from '../options.ts';

/** `sskdt keys init|rotate|export|list`: the certificate signing keys (CSCA and DSCs). */

interface DbOpts {
  dataDir: string;
  databaseUrl?: string;
}

async function withDatabase<T>(opts: DbOpts, run: (db: Parameters<typeof prepareDatabase>[0]) => Promise<T>) {
  const config = loadServerConfig({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  const database = await openConfiguredDatabase(config);
  try {
    await prepareDatabase(database.db);
    return await run(database.db);
  } catch (error) {
    if (error instanceof KeyError) throw new Error(error.message);
    throw error;
  } finally {
    await database.close();
  }
}

const algOption = () =>
  new Option('--alg <alg>', 'signature algorithm of the new keys').choices(['ES256', 'PS256']);

export function registerKeys(program: Command) {
  const keys = program
    .command('keys')
    .description(
      'Certificate signing keys: a national CSCA and document signer certificates (private keys encrypted with SSKDT_KEY_SECRET or SSKDT_KEY_FILE)',
    );

  const init = keys
    .command('init')
    .description('Create the national CSCA (self-signed) and a first document signer certificate (DSC)')
    .addOption(algOption().default('ES256'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ sskdt keys init\n  $ SSKDT_KEY_SECRET=… sskdt keys init --alg PS256',
    );
  for (const option of databaseOptions()) init.addOption(option);
  init.action(async (opts: DbOpts & { alg: 'ES256' | 'PS256' }) => {
    await withDatabase(opts, async (db) => {
      const sealer = keySealer(loadKeySecret(path.resolve(opts.dataDir)));
      const now = new Date();
      const made = await initKeys(db, sealer, { alg: opts.alg, now });
      await writeLocalTrust(db, path.resolve(opts.dataDir), now);
      console.log(
        `Created CSCA ${made.csca} and DSC ${made.dsc.kid} (${made.dsc.alg}, until ${made.dsc.notAfter.toISOString().slice(0, 10)})`,
      );
    });
  });

  const rotate = keys
    .command('rotate')
    .description('Create a new DSC for new certificates; older DSCs keep verifying until they expire')
    .addOption(algOption())
    .addHelpText('after', '\nExamples:\n  $ sskdt keys rotate');
  for (const option of databaseOptions()) rotate.addOption(option);
  rotate.action(async (opts: DbOpts & { alg?: 'ES256' | 'PS256' }) => {
    await withDatabase(opts, async (db) => {
      const sealer = keySealer(loadKeySecret(path.resolve(opts.dataDir)));
      const now = new Date();
      const made = await rotateKeys(db, sealer, { alg: opts.alg, now });
      await writeLocalTrust(db, path.resolve(opts.dataDir), now);
      console.log(`Created DSC ${made.kid} (${made.alg}, until ${made.notAfter.toISOString().slice(0, 10)})`);
    });
  });

  const exp = keys
    .command('export')
    .description(
      'Print the trust list, JWKS, PEM bundle or revocation list verifiers need (`sskdt verify --trust FILE`)',
    )
    .addOption(
      new Option(
        '--format <format>',
        'dcc-trust-list (DSCs and revoked UVCI hashes), jwks (with SHC CRLs), pem, or revocations (revoked UVCI hashes and SHC CRLs, no keys)',
      )
        .choices([...EXPORT_FORMATS])
        .default('dcc-trust-list'),
    )
    .option('--out <file>', 'write to this file instead of standard output')
    .addHelpText(
      'after',
      '\nExamples:\n  $ sskdt keys export > trust-list.json\n  $ sskdt keys export --format jwks --out jwks.json\n  $ sskdt keys export --format pem\n  $ sskdt keys export --format revocations --out revocations.json',
    );
  for (const option of databaseOptions()) exp.addOption(option);
  exp.action(async (opts: DbOpts & { format: ExportFormat; out?: string }) => {
    const text = await withDatabase(opts, (db) => exportTrust(db, opts.format, new Date()));
    if (opts.out) fs.writeFileSync(opts.out, text);
    else process.stdout.write(text);
  });

  const list = keys.command('list').description('List the signing keys still valid');
  for (const option of databaseOptions()) list.addOption(option);
  list.action(async (opts: DbOpts) => {
    await withDatabase(opts, async (db) => {
      for (const k of await publishedKeys(db, new Date(), 0))
        console.log(
          `${k.role.toUpperCase().padEnd(4)} ${k.kid} ${k.alg} ${k.notBefore.toISOString().slice(0, 10)} → ${k.notAfter.toISOString().slice(0, 10)}${k.shcKid ? ` shc ${k.shcKid}` : ''}`,
        );
    });
  });
}
