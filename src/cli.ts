import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ApiClient, ApiError, marketUrlOption } from './cli/api-client.ts';
import { registerBackupCommands } from './cli/backup-command.ts';
import { registerBenchCommand } from './cli/bench-command.ts';
import { registerCertsCommand } from './cli/certs-command.ts';
import { registerImportCommand } from './cli/import-command.ts';
import { registerOperatorKeyCommand } from './cli/operator-key-command.ts';
import { wholeNumber } from './cli/option-parsers.ts';
import { registerSettlementCommands } from './cli/settlement-commands.ts';
import { UsageError, unreadableFile } from './cli/usage-error.ts';
import { ConfigError } from './platform/config.ts';
import { PrivateDirectoryError, restrictUmask } from './platform/private-files.ts';

const program = new Command('tokumei')
  .description('Tokumei: an anonymous marketplace (market, settlement, delivery)')
  .showHelpAfterError();

const marketUrl = marketUrlOption();
const operatorKey = new Option('--key <key>', 'operator key')
  .env('TOKUMEI_OPERATOR_KEY')
  .makeOptionMandatory();

program
  .command('start')
  .description(
    'Run every service on this machine on embedded databases (demo data on the first start): prints the terminals’ URLs and where the demo keys are; the services’ JSON logs go to data/logs',
  )
  .action(async () => {
    // The services are loaded only by the commands that run them: --help and the API commands answer at once.
    const { startAll } = await import('./cli/start-command.ts');
    await startAll();
  });
registerBenchCommand(program);

program
  .command('serve <service>')
  .description(
    'Run one service (market, settlement or delivery) configured by its TOKUMEI_* variables, e.g. on PostgreSQL; logs JSON lines to stdout (or to TOKUMEI_LOG_FILE)',
  )
  .option(
    '--workers <n>',
    'market and delivery: run n processes behind one address, on PostgreSQL (Node cluster)',
    wholeNumber(1, 64),
    1,
  )
  .action(async (service, options: { workers: number }) => {
    const { serveOne } = await import('./cli/start-command.ts');
    await serveOne(service, { workers: options.workers });
  });

const kinds = program
  .command('kinds')
  .description('Kinds of commodity and their attribute schemas (operator)');
kinds
  .command('list')
  .description('List the kinds and their attribute schemas')
  .addOption(marketUrl)
  .action(async (o) => print(await new ApiClient(o.url).request('GET', '/kinds')));
kinds
  .command('create <file>')
  .description('Create a kind from a JSON file: {id, name, description?, attributes: [...]}')
  .addOption(marketUrl)
  .addOption(operatorKey)
  .action(async (file, o) =>
    print(await new ApiClient(o.url, o.key).request('POST', '/operator/kinds', readJson(file))),
  );
kinds
  .command('extend <kindId> <file>')
  .description('Extend a kind from a JSON file: {attributes?: [...], enumValues?: {attr: [values]}}')
  .addOption(marketUrl)
  .addOption(operatorKey)
  .action(async (kindId, file, o) =>
    print(await new ApiClient(o.url, o.key).request('PATCH', `/operator/kinds/${kindId}`, readJson(file))),
  );

registerImportCommand(program);

const sellers = program.command('sellers').description('Seller accounts (operator)');
sellers
  .command('list')
  .description('List the sellers and whether each is active or suspended')
  .addOption(marketUrl)
  .addOption(operatorKey)
  .action(async (o) => print(await new ApiClient(o.url, o.key).request('GET', '/operator/sellers')));
for (const action of ['suspend', 'reinstate'] as const) {
  sellers
    .command(`${action} <sellerId>`)
    .description(
      action === 'suspend'
        ? 'Suspend a seller: their key is refused until they are reinstated'
        : 'Reinstate a suspended seller',
    )
    .addOption(marketUrl)
    .addOption(operatorKey)
    .action(async (sellerId, o) =>
      print(await new ApiClient(o.url, o.key).request('POST', `/operator/sellers/${sellerId}/${action}`)),
    );
}

program
  .command('reconcile')
  .description(
    'Check settlement’s ledger invariants, every order’s money against its state at the market, and analytics reports’ payments; exits 1 on any mismatch',
  )
  .addOption(marketUrl)
  .addOption(operatorKey)
  .action(async (o) => {
    const report = await new ApiClient(o.url, o.key).request<{ ok: boolean }>('GET', '/operator/reconcile');
    print(report);
    if (!report.ok) process.exitCode = 1;
  });

registerOperatorKeyCommand(program);
registerSettlementCommands(program);
registerCertsCommand(program);
registerBackupCommands(program);

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));
function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadableFile(file, error);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

// Whatever umask it was started with, nothing a command or service writes is for other accounts.
restrictUmask();
try {
  await program.parseAsync();
} catch (error) {
  if (
    error instanceof ApiError ||
    error instanceof ConfigError ||
    error instanceof UsageError ||
    error instanceof PrivateDirectoryError
  ) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
