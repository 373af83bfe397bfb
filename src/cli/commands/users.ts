import type { Command } from 'commander';
import type { StaffRole } from '../../server/db/schema.ts';
import { createStaff, listStaff, STAFF_ROLES } from '../../server/modules/accounts/staff.service.ts';
import { type DatabaseOpts, withDatabase } from '../database.ts';
import { databaseOptions } from '../options.ts';

interface CreateOpts extends DatabaseOpts {
  username: string;
  role: string;
  name?: string;
  unit?: string;
  facility?: string;
  passwordStdin?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `sskdt users create|list`: staff accounts from the command line (the first admin, scripted set-ups). */
export function registerUsers(program: Command) {
  const users = program.command('users').description('Manage staff users');

  const create = users
    .command('create')
    .description(
      'Create a staff user; the password comes from stdin (--password-stdin) or is generated and printed once',
    )
    .requiredOption('--username <u>', 'login name: a–z, digits, dot, underscore, hyphen')
    .requiredOption('--role <r>', `one of ${STAFF_ROLES.join(', ')}`)
    .option('--name <display>', 'name shown to citizens in their access log')
    .option(
      '--unit <code>',
      '2025 unit code: a province (01) for province_manager, a commune (00004) for commune_manager',
    )
    .option('--facility <id>', 'facility code or id, for site_staff and clinic_staff')
    .option('--password-stdin', 'read the password from standard input')
    .addHelpText(
      'after',
      '\nExamples:\n  $ sskdt users create --username admin --role admin\n' +
        '  $ sskdt users create --username hn.manager --role province_manager --unit 01 --name "Nguyễn Văn Quản"\n' +
        '  $ echo "a long passphrase here" | sskdt users create --username tyt.badinh --role site_staff --facility TYT-00004 --password-stdin',
    );
  for (const option of databaseOptions()) create.addOption(option);
  create.action(async (opts: CreateOpts) => {
    if (!STAFF_ROLES.includes(opts.role as StaffRole))
      throw new Error(`--role must be one of ${STAFF_ROLES.join(', ')}`);
    const password = opts.passwordStdin ? await readStdin() : undefined;
    const created = await withDatabase(opts, (db) =>
      createStaff(
        db,
        {
          username: opts.username,
          displayName: opts.name ?? opts.username,
          role: opts.role as StaffRole,
          unit: opts.unit,
          facility: opts.facility,
          password,
        },
        { kind: 'system', label: 'sskdt users create' },
      ),
    );
    console.log(`Created ${opts.role} ${created.username} (${created.id})`);
    if (created.generated) console.log(`Password (shown once): ${created.password}`);
  });

  const list = users
    .command('list')
    .description('List staff users')
    .addHelpText(
      'after',
      '\nExamples:\n  $ sskdt users list\n  $ sskdt users list --database-url postgres://postgres@127.0.0.1/sskdt',
    );
  for (const option of databaseOptions()) list.addOption(option);
  list.action(async (opts: DatabaseOpts) => {
    const { items } = await withDatabase(opts, (db) => listStaff(db, 200, 0));
    for (const u of items) {
      const where = u.unitName ?? u.facilityName ?? 'national';
      console.log(`${u.username.padEnd(24)} ${u.role.padEnd(17)} ${where}${u.disabled ? ' (disabled)' : ''}`);
    }
  });
}
