import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { loadServerConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/db/configured.ts';
import { keySealer } from '../../server/key-seal.ts';
import { resolveKeySecret } from '../../server/key-secret.ts';
import {
  checkCscaKeyTarget,
  cscaPassphrase,
  defaultCscaKeyFile,
  readCscaKeyFile,
  writeCscaKeyFile,
} from '../../server/modules/certificates/csca-key-file.ts';
import {
  initKeys,
  KeyError,
  publishedKeys,
  rotateKeys,
} from '../../server/modules/certificates/keys.service.ts';
import { writeLocalTrust } from '../../server/modules/certificates/local-trust.ts';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportTrust,
} from '../../server/modules/certificates/trust-lists.ts';
import { prepareDatabase } from '../../server/setup.ts';
import { databaseOptions } from '../options.ts';

/** `sskdt keys init|rotate|export|list`: the certificate signing keys (CSCA and DSCs). */

interface DbOpts {
  dataDir: string;
  databaseUrl?: string;
}
interface InitOpts extends DbOpts {
  alg: 'ES256' | 'PS256';
  cscaKeyOut?: string;
  cscaOnline?: boolean;
  cscaPassphraseFile?: string;
}
interface RotateOpts extends DbOpts {
  alg?: 'ES256' | 'PS256';
  cscaKey?: string;
  cscaPassphraseFile?: string;
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

/** The sealer of the DSC keys: the key secret is required (never taken from the data directory). */
function dscSealer(opts: DbOpts, create: boolean) {
  const config = loadServerConfig({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  const secret = resolveKeySecret(
    { dataDir: config.dataDir, keySecret: config.keySecret, keyFile: config.keyFile },
    { create },
  );
  if (!secret)
    throw new Error(
      'the DSC private keys are sealed with the key secret: set SSKDT_KEY_SECRET (at least 16 characters) or SSKDT_KEY_FILE (a file outside the data directory; `keys init` creates it)',
    );
  if (secret.notice) console.error(secret.notice);
  return keySealer(secret.secret);
}

const passphraseOption = () =>
  new Option(
    '--csca-passphrase-file <file>',
    "the CSCA key file's passphrase (first line; else SSKDT_CSCA_PASSPHRASE)",
  );

const algOption = () =>
  new Option('--alg <alg>', 'signature algorithm of the new keys').choices(['ES256', 'PS256']);

export function registerKeys(program: Command) {
  const keys = program
    .command('keys')
    .description(
      'Certificate signing keys: a national CSCA (its private key offline by default) and document signer certificates (private keys sealed with SSKDT_KEY_SECRET or SSKDT_KEY_FILE)',
    );

  const init = keys
    .command('init')
    .description('Create the national CSCA (self-signed) and a first document signer certificate (DSC)')
    .addOption(algOption().default('ES256'))
    .option(
      '--csca-key-out <file>',
      'where to write the CSCA private key (PEM, mode 600; never overwritten) for offline storage (default ./sskdt-csca-<kid>.key.pem)',
    )
    .addOption(
      new Option(
        '--csca-online',
        'keep the CSCA private key in the database, sealed (single-machine setups; weaker: a copy of the database and the key secret can then sign DSCs)',
      ).conflicts('cscaKeyOut'),
    )
    .addOption(passphraseOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ SSKDT_KEY_FILE=/etc/sskdt/key-secret sskdt keys init --csca-key-out /media/usb/csca.key.pem\n' +
        '  $ SSKDT_KEY_SECRET=… SSKDT_CSCA_PASSPHRASE=… sskdt keys init --alg PS256\n' +
        '  $ SSKDT_KEY_SECRET=… sskdt keys init --csca-online',
    );
  for (const option of databaseOptions()) init.addOption(option);
  init.action(async (opts: InitOpts) => {
    const dataDir = path.resolve(opts.dataDir);
    const passphrase = opts.cscaOnline ? undefined : cscaPassphrase(opts.cscaPassphraseFile);
    if (opts.cscaKeyOut) checkCscaKeyTarget(path.resolve(opts.cscaKeyOut), dataDir);
    const sealer = dscSealer(opts, true);
    let written: string | undefined;
    await withDatabase(opts, async (db) => {
      const now = new Date();
      const save = (kid: string, pkcs8: Uint8Array) => {
        const file = path.resolve(opts.cscaKeyOut ?? defaultCscaKeyFile(kid));
        checkCscaKeyTarget(file, dataDir);
        writeCscaKeyFile(file, pkcs8, passphrase);
        written = file;
      };
      let made: Awaited<ReturnType<typeof initKeys>>;
      try {
        made = await initKeys(db, sealer, { alg: opts.alg, now, csca: opts.cscaOnline ? 'online' : save });
      } catch (error) {
        // A key file whose CSCA never reached the database is of no use: do not leave it behind.
        const stored = (await publishedKeys(db, now, 0).catch(() => [])).some((k) => k.role === 'csca');
        if (written && !stored) fs.rmSync(written, { force: true });
        throw error;
      }
      await writeLocalTrust(db, dataDir, now);
      console.log(
        `Created CSCA ${made.csca} and DSC ${made.dsc.kid} (${made.dsc.alg}, until ${made.dsc.notAfter.toISOString().slice(0, 10)})`,
      );
      console.log(
        written
          ? `The CSCA private key is NOT in the database: it is in ${written} (mode 600${passphrase ? ', encrypted' : ', not encrypted'}). Move it to offline storage; \`sskdt keys rotate --csca-key FILE\` needs it.`
          : 'The CSCA private key is kept online, sealed in the database (--csca-online).',
      );
    });
  });

  const rotate = keys
    .command('rotate')
    .description('Create a new DSC for new certificates; older DSCs keep verifying until they expire')
    .addOption(algOption())
    .option('--csca-key <file>', 'the offline CSCA private key (the file `keys init` wrote), to sign the DSC')
    .addOption(passphraseOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ sskdt keys rotate --csca-key /media/usb/csca.key.pem\n  $ sskdt keys rotate   # an online CSCA (keys init --csca-online)',
    );
  for (const option of databaseOptions()) rotate.addOption(option);
  rotate.action(async (opts: RotateOpts) => {
    const cscaKey = opts.cscaKey
      ? readCscaKeyFile(opts.cscaKey, cscaPassphrase(opts.cscaPassphraseFile))
      : undefined;
    const sealer = dscSealer(opts, false);
    await withDatabase(opts, async (db) => {
      const now = new Date();
      const made = await rotateKeys(db, sealer, { alg: opts.alg, now, cscaKey });
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
