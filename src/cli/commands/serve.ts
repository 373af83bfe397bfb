import { type Command, Option } from 'commander';
import { loadServerConfig } from '../../server/config.ts';
import { DataDirLockedError } from '../../server/db/database.ts';
import { type RunningServer, startServer } from '../../server/main.ts';
import { DEMO_STAFF_PASSWORD, demoLogins } from '../../server/modules/accounts/demo-logins.ts';
import { databaseOptions, parseIntOption } from '../options.ts';
import { createProgress } from '../progress.ts';

interface ServeOpts {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  demo?: boolean;
  demoPeople: number;
  logLevel?: string;
  metricsPublic?: boolean;
  plainHttp?: boolean;
}

/** `sskdt serve`: runs the web app and API until Ctrl-C / SIGTERM, then shuts down cleanly. */
export function registerServe(program: Command) {
  const command = program
    .command('serve')
    .description('Run the web app and the API')
    .addOption(
      new Option('--port <port>', 'port to listen on')
        .env('PORT')
        .default(3000)
        .argParser(parseIntOption('--port')),
    )
    .addOption(new Option('--host <host>', 'address to listen on').env('HOST').default('127.0.0.1'))
    .option('--demo', 'load demo data first if the database holds no people')
    .option('--demo-people <n>', 'how many demo people to load', parseIntOption('--demo-people'), 10_000)
    .addOption(new Option('--log-level <level>', 'log level').env('LOG_LEVEL'))
    .option(
      '--metrics-public',
      'serve /metrics without a token (only on a private network; default: off unless METRICS_TOKEN)',
    )
    .option(
      '--plain-http',
      'session cookies without Secure: the site is served over plain HTTP (not behind TLS)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ sskdt serve --demo\n  $ sskdt serve --port 8080 --host 0.0.0.0 --data-dir /var/lib/sskdt\n' +
        '  $ DATABASE_URL=postgres://sskdt@db/sskdt sskdt serve',
    );
  for (const option of databaseOptions()) command.addOption(option);
  command.action(async (opts: ServeOpts) => {
    const config = loadServerConfig({
      port: opts.port,
      host: opts.host,
      dataDir: opts.dataDir,
      databaseUrl: opts.databaseUrl,
      demo: Boolean(opts.demo),
      demoPeople: opts.demoPeople,
      logLevel: opts.logLevel,
      metricsPublic: opts.metricsPublic,
      plainHttp: opts.plainHttp,
    });
    const progress = createProgress('Demo data');
    const shutdown = installShutdown(config.shutdownTimeoutMs, progress.stop);
    let server: RunningServer;
    try {
      server = await startServer(config, {
        signal: shutdown.startup.signal,
        onStage: (stage) => {
          if (stage === 'demo') console.error(`Empty database: loading ${config.demoPeople} demo people…`);
        },
        onDemoProgress: (done, total, stage) => progress.update(done, total, stage),
      });
    } catch (error) {
      progress.stop();
      if (shutdown.startup.signal.aborted) {
        console.error('Start-up cancelled; the database was closed cleanly.');
        process.exit(130);
      }
      if (error instanceof DataDirLockedError) {
        console.error(error.message);
        process.exit(2);
      }
      throw error;
    }
    progress.stop();
    if (shutdown.startup.signal.aborted) {
      // The signal came while the server was starting to listen: stop it the normal way.
      await server.stop();
      console.error('Stopped cleanly.');
      process.exit(0);
    }
    printBanner(server, config.demo, await demoLogins(server.database.db, server.app.sms.channel));
    shutdown.serving(server);
  });
}

function printBanner(server: RunningServer, demo: boolean, logins: Awaited<ReturnType<typeof demoLogins>>) {
  const lines = [
    '',
    `  sskdt is running at ${server.url}`,
    `  Database: ${server.database.engine} (${server.database.location})`,
    `  Citizen: ${server.url}/citizen   Site: ${server.url}/site   Manager: ${server.url}/manager   Verifier: ${server.url}/verifier`,
    `  Staff sign-in: ${server.url}/staff`,
    `  API docs: ${server.url}/docs`,
  ];
  if (server.demo) {
    lines.push(
      `  Demo data loaded: ${server.demo.people} people, ${server.demo.facilities} facilities in ${server.demo.provinceName}`,
    );
  }
  if (logins.demo) {
    lines.push(`  Demo sign-ins (password for every staff account: ${DEMO_STAFF_PASSWORD}):`);
    for (const s of logins.staff) lines.push(`    ${s.username.padEnd(16)} ${s.role.padEnd(17)} ${s.where}`);
    lines.push(
      `  Demo households — sign in at ${server.url}/citizen with one of these phones; the code goes to the ${logins.smsChannel} SMS channel${logins.smsChannel === 'console' ? ' (printed in this log)' : ''}:`,
    );
    lines.push(`    ${logins.citizens.map((c) => c.phone).join('   ')}`);
  } else if (demo) {
    lines.push('  Demo data is not loaded (the database already held people).');
  }
  lines.push('  Press Ctrl-C to stop.', '');
  console.error(lines.join('\n'));
}

/**
 * Signal handling from the first moment. During start-up the first SIGINT/SIGTERM cancels at the next
 * safe point (between migrations, between demo batches) and the database is closed. While serving, it
 * stops accepting requests, lets in-flight ones finish and closes the database (PGlite writes its last
 * pages and shuts down cleanly). Further signals only say to wait; a watchdog exits if closing hangs.
 */
function installShutdown(timeoutMs: number, beforeMessage: () => void) {
  const startup = new AbortController();
  let server: RunningServer | undefined;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    beforeMessage();
    if (stopping) {
      console.error('Still shutting down to keep the database safe; please wait…');
      return;
    }
    stopping = true;
    const watchdog = setTimeout(() => {
      console.error(`Shutdown took longer than ${timeoutMs} ms; exiting.`);
      process.exit(1);
    }, timeoutMs);
    watchdog.unref();
    if (!server) {
      console.error(`\n${signal}: cancelling start-up at the next safe point…`);
      startup.abort();
      return;
    }
    console.error(`\n${signal}: finishing requests and closing the database…`);
    server.stop().then(
      () => {
        console.error('Stopped cleanly.');
        process.exit(0);
      },
      (error) => {
        console.error('Error while stopping:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    startup,
    serving(running: RunningServer) {
      server = running;
    },
  };
}
