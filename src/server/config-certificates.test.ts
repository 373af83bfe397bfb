import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from './config.ts';
import { startServer } from './main.ts';

/** The certificate settings come from the configuration like every other setting (issue 5). */

describe('SSKDT_CERT_ISSUER_NAME and SSKDT_SHC_ISSUER', () => {
  it('are read and checked with the other settings', () => {
    const config = loadServerConfig(
      {},
      { SSKDT_CERT_ISSUER_NAME: '  Bộ Y tế  ', SSKDT_SHC_ISSUER: 'https://sskdt.example.vn/' },
    );
    expect(config.certIssuerName).toBe('Bộ Y tế');
    expect(config.shcIssuer).toBe('https://sskdt.example.vn');
    expect(loadServerConfig({}, { SSKDT_SHC_ISSUER: 'http://localhost:3000' }).shcIssuer).toBe(
      'http://localhost:3000',
    );
    // Unset (or empty, as a shell leaves it): the defaults of the certificate module apply.
    expect(loadServerConfig({}, { SSKDT_CERT_ISSUER_NAME: '' }).certIssuerName).toBeUndefined();
    expect(() => loadServerConfig({}, { SSKDT_SHC_ISSUER: 'http://sskdt.example.vn' })).toThrow(/shcIssuer/);
    expect(() => loadServerConfig({}, { SSKDT_SHC_ISSUER: 'sskdt.example.vn' })).toThrow(/shcIssuer/);
    expect(() => loadServerConfig({}, { SSKDT_CERT_ISSUER_NAME: 'x'.repeat(81) })).toThrow(/certIssuerName/);
  });

  it('reach the issuance settings of a started server', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-config-cert-'));
    const config = loadServerConfig(
      { dataDir: dir, port: 0, logLevel: 'silent', notifyRunner: 'false' },
      { SSKDT_CERT_ISSUER_NAME: 'Bộ Y tế Việt Nam', SSKDT_SHC_ISSUER: 'https://sskdt.example.vn/' },
    );
    const server = await startServer(config);
    try {
      expect(server.app.certificateContext().settings).toMatchObject({
        issuerName: 'Bộ Y tế Việt Nam',
        shcIssuer: 'https://sskdt.example.vn',
      });
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
