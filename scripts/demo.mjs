// `npm run demo`: the built app (scripts/serve.mjs) and the fake Qualtrics server side by
// side, so a new user can try every Qualtrics feature locally with the printed demo
// credentials. Ports: PORT (app, default 4173) and FAKE_QUALTRICS_PORT (default 8788).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startFakeQualtrics } from '../tests/fake-qualtrics/server.mjs';
import { credentialsText } from '../tests/fake-qualtrics/credentials-text.mjs';

const appPort = Number(process.env.PORT ?? 4173);
const fakePort = Number(process.env.FAKE_QUALTRICS_PORT ?? 8788);

const fake = await startFakeQualtrics({ port: fakePort });
const app = spawn(
  process.execPath,
  [resolve(import.meta.dirname, 'serve.mjs'), '--port', String(appPort)],
  {
    stdio: 'inherit',
  },
);
app.on('exit', (code) => {
  void fake.close().then(() => process.exit(code ?? 0));
});

console.log(`Fake Qualtrics is running at ${fake.url}/`);
console.log(credentialsText(fake.url));
console.log(
  `\nOpen the app at http://127.0.0.1:${appPort}/ and add a connection (Ctrl+C stops both).`,
);

const stop = () => {
  app.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
