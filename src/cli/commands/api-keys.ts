import type { Command } from 'commander';
import * as apiKeys from '../../server/modules/accounts/api-keys.service.ts';
import { API_KEY_MAX_DAYS } from '../../shared/schemas/accounts.ts';
import { type DatabaseOpts, withDatabase } from '../database.ts';
import { databaseOptions, parseIntOption } from '../options.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function keyId(id: string) {
  if (!UUID.test(id)) throw new Error(`"${id}" is not a key id (see sskdt api-keys list)`);
  return id;
}

const CLI_ACTOR = (what: string) => ({ kind: 'system' as const, label: `sskdt api-keys ${what}` });

/**
 * `sskdt api-keys create|list|expire|revoke`: keys for facilities' own software from the command line
 * (the same service as the admin screen; every action audited as the CLI).
 */
export function registerApiKeys(program: Command) {
  const keys = program
    .command('api-keys')
    .description("Manage API keys for facilities' own software (record doses and tallies only)");

  const create = keys
    .command('create')
    .description('Create a key for a facility; the key is printed once')
    .requiredOption('--facility <code>', 'facility code or id')
    .requiredOption('--name <name>', 'what the key is for, e.g. "HIS Bệnh viện Bạch Mai"')
    .option(
      '--days <n>',
      `lifetime in days (1–${API_KEY_MAX_DAYS})`,
      parseIntOption('--days'),
      apiKeys.API_KEY_DEFAULT_DAYS,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ sskdt api-keys create --facility TYT-00004 --name "HIS Ba Đình" --days 90',
    );
  for (const option of databaseOptions()) create.addOption(option);
  create.action(async (opts: DatabaseOpts & { facility: string; name: string; days: number }) => {
    // Checked before the database is opened (the service checks it again).
    if (opts.days < 1 || opts.days > API_KEY_MAX_DAYS)
      throw new Error(`--days: A key lasts from 1 to ${API_KEY_MAX_DAYS} days`);
    const created = await withDatabase(opts, (db) =>
      apiKeys.createApiKey(
        db,
        { facility: opts.facility, name: opts.name, expiresInDays: opts.days },
        CLI_ACTOR('create'),
        new Date(),
      ),
    );
    console.log(`Created API key ${created.id} for ${created.facilityName}, expires ${created.expiresAt}`);
    console.log(`Key (shown once): ${created.key}`);
  });

  const list = keys
    .command('list')
    .description('List keys: state, expiry and last use (never the secrets)')
    .addHelpText('after', '\nExamples:\n  $ sskdt api-keys list');
  for (const option of databaseOptions()) list.addOption(option);
  list.action(async (opts: DatabaseOpts) => {
    const items = await withDatabase(opts, (db) => apiKeys.listApiKeys(db, new Date()));
    if (items.length === 0) console.log('No API keys.');
    for (const k of items)
      console.log(
        [
          k.id,
          k.state.padEnd(7),
          `${k.prefix}…`,
          k.facilityCode.padEnd(12),
          `expires ${k.expiresAt?.slice(0, 10) ?? 'never'}`,
          `last used ${k.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never'}`,
          k.name,
        ].join('  '),
      );
  });

  const expire = keys
    .command('expire <id>')
    .description('Bring a key’s expiry to now (or to --at, a moment before its current expiry)')
    .option('--at <iso>', 'expiry instant, e.g. 2026-12-31T00:00:00+07:00')
    .addHelpText(
      'after',
      '\nExamples:\n  $ sskdt api-keys expire 3f2c…\n  $ sskdt api-keys expire 3f2c… --at 2026-12-31T00:00:00+07:00',
    );
  for (const option of databaseOptions()) expire.addOption(option);
  expire.action(async (id: string, opts: DatabaseOpts & { at?: string }) => {
    const at = opts.at ? new Date(opts.at) : undefined;
    if (at && Number.isNaN(at.getTime())) throw new Error(`--at is not a date and time: "${opts.at}"`);
    await withDatabase(opts, (db) =>
      apiKeys.expireApiKey(db, keyId(id), CLI_ACTOR('expire'), new Date(), at),
    );
    console.log(`API key ${id} expires ${(at ?? new Date()).toISOString()}`);
  });

  const revoke = keys
    .command('revoke <id>')
    .description('Revoke a key at once')
    .addHelpText('after', '\nExamples:\n  $ sskdt api-keys revoke 3f2c…');
  for (const option of databaseOptions()) revoke.addOption(option);
  revoke.action(async (id: string, opts: DatabaseOpts) => {
    const key = keyId(id);
    await withDatabase(opts, (db) => apiKeys.revokeApiKey(db, key, CLI_ACTOR('revoke'), new Date()));
    console.log(`API key ${id} revoked`);
  });
}
