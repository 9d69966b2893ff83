import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  createClosedLinkCertificates,
  DEFAULT_SERVER_HOSTS,
  DEFAULT_VALIDITY_DAYS,
} from '../platform/closed-link/certificates.ts';
import { ensurePrivateDirectory, writePrivateFile } from '../platform/private-files.ts';
import { wholeNumber } from './option-parsers.ts';
import { UsageError } from './usage-error.ts';

const FILES = ['ca.crt', 'ca.key', 'settlement.crt', 'settlement.key', 'market.crt', 'market.key'] as const;

interface CertsOptions {
  out: string;
  host?: string[];
  port: number;
  days: number;
  force: boolean;
}

/**
 * `tokumei certs`: the private CA and the two certificates of the TLS closed link, so a
 * production set-up needs no openssl. Prints the variables each side must set.
 */
export function registerCertsCommand(program: Command): void {
  program
    .command('certs')
    .description('Make the private CA and certificates for the closed link over mutual TLS')
    .requiredOption('--out <dir>', 'directory to write ca.*, settlement.* and market.* into')
    .option(
      '--host <name-or-ip>',
      `a DNS name or IP address settlement is reached at (repeatable; default ${DEFAULT_SERVER_HOSTS.join(', ')})`,
      (value: string, hosts: string[] = []) => [...hosts, hostName(value)],
    )
    .addOption(
      new Option('--port <port>', 'port settlement listens on, for the printed settings')
        .argParser(wholeNumber(1, 65_535))
        .default(7443),
    )
    .addOption(
      new Option('--days <n>', 'days the certificates are valid')
        .argParser(wholeNumber(1, 3650))
        .default(DEFAULT_VALIDITY_DAYS),
    )
    .option('--force', 'overwrite existing files', false)
    .action(async (o: CertsOptions) => {
      const dir = resolve(o.out);
      const hosts = o.host ?? DEFAULT_SERVER_HOSTS;
      const existing = FILES.filter((name) => existsSync(join(dir, name)));
      if (existing.length && !o.force) {
        throw new UsageError(`${dir} already holds ${existing.join(', ')}; give --force to replace them`);
      }
      const certs = await createClosedLinkCertificates({ hosts, days: o.days });
      const files: Record<(typeof FILES)[number], string> = {
        'ca.crt': certs.ca.cert,
        'ca.key': certs.ca.key,
        'settlement.crt': certs.settlement.cert,
        'settlement.key': certs.settlement.key,
        'market.crt': certs.market.cert,
        'market.key': certs.market.key,
      };
      ensurePrivateDirectory(dir);
      // Certificates too: they name the hosts and addresses of the closed link.
      for (const [name, text] of Object.entries(files)) writePrivateFile(join(dir, name), text);

      const host = hosts[0] as string;
      const address = `${isIP(host) === 6 ? `[${host}]` : host}:${o.port}`;
      console.log(
        [
          `Wrote ${FILES.join(', ')} to ${dir}`,
          '',
          'On the settlement host (copy settlement.crt, settlement.key and ca.crt there):',
          `  TOKUMEI_SETTLEMENT_TLS_LISTEN=${address}`,
          `  TOKUMEI_SETTLEMENT_TLS_CERT=${join(dir, 'settlement.crt')}`,
          `  TOKUMEI_SETTLEMENT_TLS_KEY=${join(dir, 'settlement.key')}`,
          `  TOKUMEI_SETTLEMENT_TLS_CA=${join(dir, 'ca.crt')}`,
          `  TOKUMEI_SETTLEMENT_TLS_CLIENT_FINGERPRINTS=${certs.market.fingerprint}`,
          '',
          'On the market host (copy market.crt, market.key and ca.crt there):',
          `  TOKUMEI_MARKET_SETTLEMENT_URL=https://${address}`,
          `  TOKUMEI_MARKET_SETTLEMENT_TLS_CERT=${join(dir, 'market.crt')}`,
          `  TOKUMEI_MARKET_SETTLEMENT_TLS_KEY=${join(dir, 'market.key')}`,
          `  TOKUMEI_MARKET_SETTLEMENT_TLS_CA=${join(dir, 'ca.crt')}`,
          '',
          'Keep ca.key offline: whoever holds it can make certificates both sides trust.',
        ].join('\n'),
      );
    });
}

function hostName(text: string): string {
  if (
    !isIP(text) &&
    !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(text)
  ) {
    throw new InvalidArgumentError('must be a DNS name or an IP address');
  }
  return text;
}
