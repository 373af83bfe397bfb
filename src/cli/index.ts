import { Command } from 'commander';
import { APP_VERSION } from '../server/version.ts';
import { registerDemo } from './commands/demo.ts';
import { registerImport } from './commands/import.ts';
import { registerKeys } from './commands/keys.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerServe } from './commands/serve.ts';
import { registerUsers } from './commands/users.ts';
import { registerVerify } from './verify.ts';

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
      '  $ sskdt verify --trust dsc.pem "HC1:…"   verify a vaccination certificate offline\n' +
      '  $ sskdt <command> --help      help for one command',
  );

registerServe(program);
registerMigrate(program);
registerDemo(program);
registerImport(program);
registerUsers(program);
registerKeys(program);
registerVerify(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(`sskdt: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
