import { Argument, type Command, Option } from 'commander';
import { DEFAULT_BACKUP_DIR, DEFAULT_BACKUP_KEEP } from '../platform/backup/settings.ts';
import { wholeNumber } from './option-parsers.ts';

/** The work, with the services' code and the databases, is loaded only when a command runs. */
const actions = () => import('./backup-actions.ts');

export const SERVICES = ['market', 'settlement', 'delivery'] as const;
export type ServiceName = (typeof SERVICES)[number];

const dirOption = () =>
  new Option('--dir <dir>', 'folder of the backups, one folder per service in it')
    .env('TOKUMEI_BACKUP_DIR')
    .default(DEFAULT_BACKUP_DIR);
const keyFileOption = () =>
  new Option('--key-file <file>', 'the backup key (made by `tokumei backup key`)')
    .env('TOKUMEI_BACKUP_KEY_FILE')
    .makeOptionMandatory();

/**
 * Backups of the services' databases, run on each service's host with its TOKUMEI_* settings,
 * like the settlement commands: settlement's database is reached from nowhere else.
 */
export function registerBackupCommands(program: Command): void {
  const backup = program
    .command('backup')
    .description(
      'Back up the services’ databases, encrypted with the backup key; verify, list, or make a key (run on each service’s host)',
    );
  backup
    .command('create', { isDefault: true })
    .description(
      'Back up each named service’s database (default: every service whose database this host has) and keep the newest --keep backups of each',
    )
    .addArgument(new Argument('[services...]', 'market, settlement or delivery').choices(SERVICES))
    .addOption(dirOption())
    .addOption(keyFileOption())
    .addOption(
      new Option('--keep <n>', 'backups of each service to keep; older ones are deleted')
        .env('TOKUMEI_BACKUP_KEEP')
        .argParser(wholeNumber(1, 10_000))
        .default(DEFAULT_BACKUP_KEEP),
    )
    .action(async (services: ServiceName[], o) => (await actions()).createBackups(services, o));
  backup
    .command('verify <backup>')
    .description(
      'Check a backup without restoring it: the key, the manifest, the size and checksum, every chunk’s authentication',
    )
    .addOption(keyFileOption())
    .action(async (path: string, o) => (await actions()).verify(path, o));
  backup
    .command('list')
    .description('List the backups in the folder, newest first, with their age, size and schema')
    .addArgument(new Argument('[service]').choices(SERVICES))
    .addOption(dirOption())
    .action(async (service: ServiceName | undefined, o) => (await actions()).list(service, o));
  backup
    .command('key')
    .description(
      'Make a new backup key into a new owner-only file; keep it apart from the databases and the backups',
    )
    .requiredOption('--out <file>', 'the new key file')
    .action(async (o) => (await actions()).makeKey(o));

  program
    .command('restore')
    .description(
      'Restore a service’s backup into its configured database, which must be empty (a new PostgreSQL database, or a data directory not yet used); the service must be stopped when embedded',
    )
    .addArgument(new Argument('<service>').choices(SERVICES))
    .addArgument(new Argument('<backup>', 'the backup’s folder'))
    .addOption(keyFileOption())
    .action(async (service: ServiceName, path: string, o) => (await actions()).restore(service, path, o));
}
