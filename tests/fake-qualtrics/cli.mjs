// `npm run fake-qualtrics`: starts the fake Qualtrics server on 127.0.0.1 (port
// FAKE_QUALTRICS_PORT, default 8788) and prints its URL and the demo credentials, so a person
// can connect the app to it by hand. Switches come from FAKE_QUALTRICS_* variables (README).
import { startFakeQualtrics } from './server.mjs';
import { credentialsText } from './credentials-text.mjs';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = Number(portArg >= 0 ? args[portArg + 1] : (process.env.FAKE_QUALTRICS_PORT ?? 8788));

const server = await startFakeQualtrics({ port });
console.log(`Fake Qualtrics is running at ${server.url}/  (Ctrl+C to stop)`);
console.log(credentialsText(server.url));

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
