import { Argument, type Command, Option } from 'commander';
import { calendarDate, currencyCode, positiveMinorUnits, uuid, wholeNumber } from './option-parsers.ts';

/** The commands' work, with the database and settlement's code, is loaded only when one runs: --help answers at once. */
const actions = () => import('./settlement-actions.ts');

/**
 * The operator's commands on the settlement host: issuing prepaid cards and credit cards,
 * keeping the credit information of seed 004, and paying sellers out. They open settlement's
 * database directly, since settlement answers nothing but the market on its closed link.
 */
export function registerSettlementCommands(program: Command): void {
  registerCards(program.command('cards').description('Prepaid cards (run on the settlement host)'));
  registerCredit(
    program.command('credit').description('Credit cards and their credit information (settlement host)'),
  );
  program
    .command('payout')
    .description('Pay out released sales to sellers and write one CSV statement each (settlement host)')
    .option('--out <dir>', 'directory for the statements', 'payouts')
    .action(async (o) => (await actions()).payout(o));
}

const currencyOption = () =>
  new Option('--currency <code>', 'ISO 4217 currency').argParser(currencyCode).default('JPY');
const expiresOption = () =>
  new Option('--expires <date>', 'last day of validity, YYYY-MM-DD (UTC; default: 3 years on)').argParser(
    calendarDate,
  );
const outFileOption = () =>
  new Option('--out <file>', 'new owner-only file for the numbers and PINs').makeOptionMandatory();

function registerCards(cards: Command): void {
  cards
    .command('issue')
    .description('Issue a batch of prepaid cards of one face value')
    .addOption(
      new Option('--count <n>', 'number of cards').argParser(wholeNumber(1, 100_000)).makeOptionMandatory(),
    )
    .addOption(
      new Option('--value <minor>', 'face value in minor units')
        .argParser(positiveMinorUnits)
        .makeOptionMandatory(),
    )
    .addOption(currencyOption())
    .addOption(expiresOption())
    .addOption(outFileOption())
    .action(async (o) => (await actions()).issueCards(o));
}

function registerCredit(credit: Command): void {
  credit
    .command('open')
    .description('Open a credit card for a holder, in good standing')
    .requiredOption('--holder <name>', "the holder's name, kept in the credit information")
    .addOption(
      new Option('--limit <minor>', 'credit limit in minor units')
        .argParser(positiveMinorUnits)
        .makeOptionMandatory(),
    )
    .addOption(currencyOption())
    .addOption(expiresOption())
    .addOption(outFileOption())
    .action(async (o) => (await actions()).openCredit(o));

  credit
    .command('status')
    .description('Show a credit card’s information, or set its status')
    .addArgument(new Argument('<instrumentId>').argParser(uuid))
    .addArgument(new Argument('[status]', 'new status').choices(['good', 'suspended', 'closed'] as const))
    .action(async (instrumentId, status) => (await actions()).creditStatus(instrumentId, status));

  credit
    .command('repay')
    .description('Record a repayment by the holder; repeating it with the same --id changes nothing')
    .addArgument(new Argument('<instrumentId>').argParser(uuid))
    .addOption(
      new Option('--amount <minor>', 'amount repaid in minor units')
        .argParser(positiveMinorUnits)
        .makeOptionMandatory(),
    )
    .addOption(new Option('--id <uuid>', 'repayment ID (default: a new one)').argParser(uuid))
    .action(async (instrumentId, o) => (await actions()).repay(instrumentId, o));

  credit
    .command('statement')
    .description('Record a statement of the holder’s payment history (for the credit check)')
    .addArgument(new Argument('<instrumentId>').argParser(uuid))
    .addOption(
      new Option('--due <date>', 'due date, YYYY-MM-DD (UTC)').argParser(calendarDate).makeOptionMandatory(),
    )
    .addOption(
      new Option('--amount <minor>', 'amount due in minor units')
        .argParser(positiveMinorUnits)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--paid <date>', 'day it was paid, YYYY-MM-DD (UTC); omit while open').argParser(
        calendarDate,
      ),
    )
    .action(async (instrumentId, o) => (await actions()).recordCreditStatement(instrumentId, o));
}
