import { defineConfig, devices } from '@playwright/test';
import * as path from 'node:path';

// The tests run against the release build (the only one that goes through wasm-opt),
// started here on a fresh SQLite database seeded with the demo clinic.
const root = path.resolve(__dirname, '..');
const port = Number(process.env.E2E_PORT ?? 3107);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = path.join(__dirname, '.tmp');
const databaseUrl = process.env.E2E_DATABASE_URL ?? `sqlite://${dataDir}/e2e.db`;
const serverBin = process.env.SERVER_BIN ?? path.join(root, 'target', 'release', 'server');
// Real servers on loopback for sign-in: an OpenID Connect provider standing in for
// Google, and an SMTP server that writes each mail it receives to a file.
const oidcPort = port + 1;
const smtpPort = port + 2;
const mailDir = path.join(__dirname, '.mail');

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'en-GB',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: [
    {
      command: `node oidc-server.mjs ${oidcPort}`,
      cwd: __dirname,
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `rm -rf "${mailDir}" && mkdir -p "${mailDir}" && exec python3 ../server/tests/smtp_sink.py ${smtpPort} "${mailDir}/mail.jsonl"`,
      cwd: __dirname,
      port: smtpPort,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `rm -rf "${dataDir}" && mkdir -p "${dataDir}" && exec "${serverBin}"`,
      cwd: root,
      url: `${baseURL}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        CALENTIFY_PORT: String(port),
        CALENTIFY_PUBLIC_URL: baseURL,
        DATABASE_URL: databaseUrl,
        CALENTIFY_SEED_DEMO: 'true',
        CALENTIFY_DEV_TOOLS: 'true',
        CALENTIFY_LOG: 'warn',
        LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
        GOOGLE_CLIENT_ID: 'calentify-e2e',
        GOOGLE_CLIENT_SECRET: 'e2e-only-not-a-secret',
        GOOGLE_ISSUER_URL: `http://127.0.0.1:${oidcPort}`,
        CALENTIFY_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        CALENTIFY_SMTP_FROM: 'Calentify <no-reply@calentify.test>',
      },
    },
  ],
});
