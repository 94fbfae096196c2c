// The engine worker: exposes the one API. It also holds a Web Lock named after itself for as long
// as it lives: Worker.terminate() returns at once, but the browser frees the lock only when the
// thread is really gone, so the page can tell the user "cancelled" only then
// (src/services/engine-client.ts, `cancel`).
import { expose } from 'comlink';
import { engineApi } from './engine-api';

if (typeof navigator !== 'undefined' && navigator.locks && self.name) {
  void navigator.locks.request(self.name, () => new Promise<never>(() => {}));
}

expose(engineApi);
