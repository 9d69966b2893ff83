import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  createClosedLinkCertificates,
  DEFAULT_SERVER_HOSTS,
  DEFAULT_VALIDITY_DAYS,
  PrivateCertificateAuthority,
} from '../platform/closed-link/certificates.ts';
import { normalizeFingerprint } from '../platform/closed-link/endpoint.ts';
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
  renew: boolean;
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
    .option('--force', 'overwrite existing files, the CA too', false)
    .addOption(
      new Option(
        '--renew',
        'keep the CA in --out and issue new settlement and market certificates under it, to roll out one side at a time',
      )
        .default(false)
        .conflicts('force'),
    )
    .action(async (o: CertsOptions) => {
      const dir = resolve(o.out);
      const hosts = o.host ?? DEFAULT_SERVER_HOSTS;
      if (o.renew) return renew(dir, hosts, o);
      const existing = FILES.filter((name) => existsSync(join(dir, name)));
      if (existing.length && !o.force) {
        throw new UsageError(
          `${dir} already holds ${existing.join(', ')}; give --renew to renew the certificates under the same CA, or --force to replace everything`,
        );
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

/**
 * New settlement and market certificates under the CA already in `dir`: both sides keep trusting
 * each other while the files are rolled out, settlement pinning the market's old and new
 * certificates until the market runs on the new one.
 */
async function renew(dir: string, hosts: string[], o: CertsOptions): Promise<void> {
  const read = (name: string) => {
    const path = join(dir, name);
    if (!existsSync(path))
      throw new UsageError(`${dir} holds no ${name} to renew under; run tokumei certs --out ${o.out} first`);
    return readFileSync(path, 'utf8');
  };
  const ca = await PrivateCertificateAuthority.load({ cert: read('ca.crt'), key: read('ca.key') }).catch(
    (error: Error) => {
      throw new UsageError(`${join(dir, 'ca.crt')} and ca.key cannot sign: ${error.message}`);
    },
  );
  const previous = existsSync(join(dir, 'market.crt'))
    ? normalizeFingerprint(new X509Certificate(read('market.crt')).fingerprint256)
    : undefined;
  // A certificate cannot outlive the CA that signed it.
  const caDays = Math.floor((ca.notAfter.getTime() - Date.now()) / 86_400_000);
  if (caDays < 1) throw new UsageError(`the CA in ${dir} expires within a day; make a new one with --force`);
  const days = Math.min(o.days, caDays);
  const certs = await createClosedLinkCertificates({ hosts, days, ca });
  for (const [name, text] of Object.entries({
    'settlement.crt': certs.settlement.cert,
    'settlement.key': certs.settlement.key,
    'market.crt': certs.market.cert,
    'market.key': certs.market.key,
  }))
    writePrivateFile(join(dir, name), text);

  const pins = [certs.market.fingerprint, previous].filter(Boolean).join(',');
  const lines = [
    `Renewed settlement.crt, settlement.key, market.crt and market.key in ${dir} under the same CA (ca.crt and ca.key unchanged)`,
    '',
    'To roll them out without stopping payments:',
    '1. On the settlement host: install settlement.crt and settlement.key, pin both market certificates, restart settlement:',
    `     TOKUMEI_SETTLEMENT_TLS_CLIENT_FINGERPRINTS=${pins}`,
    '2. On the market host: install market.crt and market.key, restart the market.',
    '3. On the settlement host: pin only the new market certificate, restart settlement:',
    `     TOKUMEI_SETTLEMENT_TLS_CLIENT_FINGERPRINTS=${certs.market.fingerprint}`,
  ];
  if (days < o.days)
    lines.push(
      '',
      `They are valid for ${days} days, until ${ca.notAfter.toISOString().slice(0, 10)}, when the CA itself expires: make a new CA (--force) before then.`,
    );
  console.log(lines.join('\n'));
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
