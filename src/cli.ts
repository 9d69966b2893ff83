import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ApiClient, ApiError } from './cli/api-client.ts';
import { registerBenchCommand } from './cli/bench-command.ts';
import { registerCertsCommand } from './cli/certs-command.ts';
import { registerImportCommand } from './cli/import-command.ts';
import { registerOperatorKeyCommand } from './cli/operator-key-command.ts';
import { registerSettlementCommands } from './cli/settlement-commands.ts';
import { serveOne, startAll } from './cli/start-command.ts';
import { UsageError } from './cli/usage-error.ts';
import { ConfigError } from './platform/config.ts';
import { PrivateDirectoryError, restrictUmask } from './platform/private-files.ts';

const program = new Command('tokumei')
  .description('Tokumei: an anonymous marketplace (market, settlement, delivery)')
  .showHelpAfterError();

const marketUrl = new Option('--url <url>', 'market base URL')
  .env('TOKUMEI_MARKET_URL')
  .default('http://127.0.0.1:8080');
const operatorKey = new Option('--key <key>', 'operator key')
  .env('TOKUMEI_OPERATOR_KEY')
  .makeOptionMandatory();

program
  .command('start')
  .description('Run the services on embedded databases (demo data on first start) and print their URLs')
  .action(async () => {
    await startAll();
  });
registerBenchCommand(program);

program
  .command('serve <service>')
  .description(
    'Run one service (market, settlement or delivery) configured by its TOKUMEI_* variables, e.g. on PostgreSQL',
  )
  .action(async (service) => {
    await serveOne(service);
  });

const kinds = program
  .command('kinds')
  .description('Kinds of commodity and their attribute schemas (operator)');
kinds
  .command('list')
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
  .addOption(marketUrl)
  .addOption(operatorKey)
  .action(async (o) => print(await new ApiClient(o.url, o.key).request('GET', '/operator/sellers')));
for (const action of ['suspend', 'reinstate'] as const) {
  sellers
    .command(`${action} <sellerId>`)
    .addOption(marketUrl)
    .addOption(operatorKey)
    .action(async (sellerId, o) =>
      print(await new ApiClient(o.url, o.key).request('POST', `/operator/sellers/${sellerId}/${action}`)),
    );
}

program
  .command('reconcile')
  .description(
    'Check settlement’s ledger invariants and every order’s money against its state at the market; exits 1 on any mismatch',
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

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

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
