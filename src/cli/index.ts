import { Command } from 'commander';
import { APP_VERSION } from '../server/version.ts';

/**
 * Each command's module, loaded only when that command runs (all of them for the overall help): `sskdt
 * import` or `sskdt verify` need not load the web server, the PDF fonts and the demo generator, which
 * took seconds of CPU and a hundred MB before the first row was read.
 */
const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
  serve: async () => (await import('./commands/serve.ts')).registerServe,
  migrate: async () => (await import('./commands/migrate.ts')).registerMigrate,
  demo: async () => (await import('./commands/demo.ts')).registerDemo,
  import: async () => (await import('./commands/import.ts')).registerImport,
  users: async () => (await import('./commands/users.ts')).registerUsers,
  keys: async () => (await import('./commands/keys.ts')).registerKeys,
  'api-keys': async () => (await import('./commands/api-keys.ts')).registerApiKeys,
  verify: async () => (await import('./verify.ts')).registerVerify,
};

const program = new Command()
  .name('sskdt')
  .description('Sổ sức khỏe điện tử — vaccination registry, electronic health book and vaccine passport')
  .version(APP_VERSION)
  .showHelpAfterError()
  .addHelpText(
    'after',
    '\nExamples:\n  $ sskdt serve --demo          run the app with demo data on the embedded database\n' +
      '  $ sskdt migrate               bring the database schema up to date\n' +
      '  $ sskdt demo --people 50000   load more demo people\n' +
      '  $ sskdt users create --username admin --role admin\n' +
      '  $ sskdt import old.csv --facility HN-01   import legacy dose records (resumable)\n' +
      '  $ sskdt keys init             create the certificate signing keys (CSCA and DSC)\n' +
      '  $ sskdt api-keys create --facility TYT-00004 --name "HIS"   a key for a facility\'s software\n' +
      '  $ sskdt verify --trust dsc.pem "HC1:…"   verify a vaccination certificate offline\n' +
      '  $ sskdt <command> --help      help for one command',
  );

const invoked = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const wanted = invoked && Object.hasOwn(COMMANDS, invoked) ? [invoked] : Object.keys(COMMANDS);
for (const name of wanted) (await COMMANDS[name]())(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(`sskdt: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
