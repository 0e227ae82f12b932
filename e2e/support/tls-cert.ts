// Throw-away TLS certificate for the fake Zhihu hosts.
//
// Chromium is started with --ignore-certificate-errors, so the certificate
// only has to exist and name the right hosts (Node clients in tests use
// rejectUnauthorized: false). EC keys are used because generating an RSA key
// costs up to a second per test file; the result is cached per process.
import { generate } from 'selfsigned';

export interface TlsMaterial {
  key: string;
  cert: string;
}

export const CERT_HOSTS = [
  'www.zhihu.com',
  'zhuanlan.zhihu.com',
  '*.zhihu.com',
  'zhihu.com',
  '*.zhimg.com',
  'localhost',
] as const;

let pending: Promise<TlsMaterial> | undefined;

export function tlsMaterial(): Promise<TlsMaterial> {
  pending ??= createCert();
  return pending;
}

async function createCert(): Promise<TlsMaterial> {
  const day = 24 * 60 * 60 * 1000;
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'www.zhihu.com' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    // Back-dated a day so a skewed clock in CI cannot make it "not yet valid".
    notBeforeDate: new Date(now - day),
    notAfterDate: new Date(now + 30 * day),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...CERT_HOSTS.map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
