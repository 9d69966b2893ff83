import { createHash, KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * The private PKI of the TLS closed link, made without openssl: one CA that signs the settlement
 * server's certificate and the market's client certificate, so that each side trusts only that
 * CA and settlement can pin the market's certificate by its fingerprint.
 */

/** A certificate and its private key as PEM texts (the key as PKCS#8). */
export interface IssuedCertificate {
  cert: string;
  key: string;
  /** SHA-256 of the certificate's DER, lowercase hex: what settlement pins. */
  fingerprint: string;
}

export interface ClosedLinkCertificates {
  ca: IssuedCertificate;
  settlement: IssuedCertificate;
  market: IssuedCertificate;
}

export const DEFAULT_SERVER_HOSTS = ['localhost', '127.0.0.1'];
export const DEFAULT_VALIDITY_DAYS = 825;

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
/** Validity starts a little in the past, so a peer whose clock runs behind still accepts it. */
const CLOCK_SKEW_MS = 5 * 60_000;

type X509 = typeof import('@peculiar/x509');
let x509Module: Promise<X509> | undefined;

/**
 * @peculiar/x509 is loaded on first use (it is large, and only `tokumei certs` and tests need it).
 * It resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill.
 */
function loadX509(): Promise<X509> {
  x509Module ??= (async () => {
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    return x509;
  })();
  return x509Module;
}

/** A CA that exists only to sign the two ends of one closed link. */
export class PrivateCertificateAuthority {
  private readonly x509: X509;
  private readonly keys: CryptoKeyPair;
  private readonly certificate: InstanceType<X509['X509Certificate']>;
  readonly issued: IssuedCertificate;

  private constructor(
    x509: X509,
    keys: CryptoKeyPair,
    certificate: InstanceType<X509['X509Certificate']>,
    issued: IssuedCertificate,
  ) {
    this.x509 = x509;
    this.keys = keys;
    this.certificate = certificate;
    this.issued = issued;
  }

  static async create(
    options: { commonName?: string; days?: number; now?: Date } = {},
  ): Promise<PrivateCertificateAuthority> {
    const x509 = await loadX509();
    const keys = await newKeys();
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serialNumber(),
      name: `CN=${options.commonName ?? 'Tokumei closed-link CA'}`,
      ...validity(options),
      signingAlgorithm: EC,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    return new PrivateCertificateAuthority(x509, keys, certificate, await issued(certificate, keys));
  }

  /**
   * The CA `tokumei certs` made before, from its certificate and key (PEM), to sign new leaves
   * under it: renewed certificates are then trusted wherever the CA is, so they can be rolled
   * out one side at a time. Refuses a certificate that is no CA, or a key that is not its own.
   */
  static async load(pem: { cert: string; key: string }): Promise<PrivateCertificateAuthority> {
    const x509 = await loadX509();
    const certificate = new x509.X509Certificate(pem.cert);
    const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
    if (!constraints?.ca) throw new Error('the certificate is not a CA');
    const der = Buffer.from(pem.key.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const privateKey = await webcrypto.subtle
      .importKey('pkcs8', der, EC, true, ['sign'])
      .catch(() => Promise.reject(new Error('the key is not a P-256 private key in PKCS#8 PEM')));
    const publicKey = await certificate.publicKey.export(EC, ['verify'], webcrypto as unknown as Crypto);
    const probe = Buffer.from('tokumei closed-link CA');
    const signature = await webcrypto.subtle.sign(EC, privateKey, probe);
    if (!(await webcrypto.subtle.verify(EC, publicKey, signature, probe)))
      throw new Error('the key does not belong to the CA certificate');
    const keys = { privateKey, publicKey } as CryptoKeyPair;
    return new PrivateCertificateAuthority(x509, keys, certificate, await issued(certificate, keys));
  }

  /** When the CA's own certificate stops being valid, and every leaf it signed with it. */
  get notAfter(): Date {
    return this.certificate.notAfter;
  }

  /**
   * A leaf certificate: for a server, valid for the given DNS names and IP addresses; for a
   * client, usable only to authenticate as a client.
   */
  async issue(leaf: {
    commonName: string;
    usage: 'server' | 'client';
    hosts?: string[];
    days?: number;
    now?: Date;
  }): Promise<IssuedCertificate> {
    const { x509 } = this;
    const keys = await newKeys();
    const extensions: InstanceType<X509['Extension']>[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(
        [leaf.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth],
        false,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(this.keys.publicKey),
    ];
    if (leaf.usage === 'server') {
      const hosts = leaf.hosts?.length ? leaf.hosts : DEFAULT_SERVER_HOSTS;
      extensions.push(
        new x509.SubjectAlternativeNameExtension(
          hosts.map((value) => ({ type: isIP(value) ? ('ip' as const) : ('dns' as const), value })),
          false,
        ),
      );
    }
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: serialNumber(),
      subject: `CN=${leaf.commonName}`,
      issuer: this.certificate.subject,
      ...validity(leaf),
      signingAlgorithm: EC,
      publicKey: keys.publicKey,
      signingKey: this.keys.privateKey,
      extensions,
    });
    return issued(certificate, keys);
  }
}

/**
 * Everything one TLS closed link needs: the CA (a new one, unless `ca` is given to renew the
 * two certificates under it), settlement's server certificate for `hosts` (default localhost
 * and 127.0.0.1) and the market's client certificate.
 */
export async function createClosedLinkCertificates(
  options: { hosts?: string[]; days?: number; now?: Date; ca?: PrivateCertificateAuthority } = {},
): Promise<ClosedLinkCertificates> {
  const ca = options.ca ?? (await PrivateCertificateAuthority.create(options));
  return {
    ca: ca.issued,
    settlement: await ca.issue({ ...options, commonName: 'Tokumei settlement', usage: 'server' }),
    market: await ca.issue({ ...options, commonName: 'Tokumei market', usage: 'client' }),
  };
}

const newKeys = () => webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;

/** 127 random bits, first byte non-zero and high bit clear: a positive, minimally encoded serial. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x40;
  return bytes.toString('hex');
}

function validity({ days = DEFAULT_VALIDITY_DAYS, now = new Date() }: { days?: number; now?: Date }) {
  return {
    notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(now.getTime() + days * 86_400_000),
  };
}

async function issued(
  certificate: { rawData: ArrayBuffer; toString(format: 'pem'): string },
  keys: CryptoKeyPair,
): Promise<IssuedCertificate> {
  return {
    cert: `${certificate.toString('pem')}\n`,
    key: KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string,
    fingerprint: createHash('sha256').update(Buffer.from(certificate.rawData)).digest('hex'),
  };
}
