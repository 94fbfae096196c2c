// idb recognises IndexedDB objects with `instanceof` against these globals, which Node lacks.
// Importing this module installs them; the global `indexedDB` stays unset, so every test passes
// its own fresh factory.
import {
  IDBCursor,
  IDBDatabase,
  IDBIndex,
  IDBKeyRange,
  IDBObjectStore,
  IDBRequest,
  IDBTransaction,
} from 'fake-indexeddb';

Object.assign(globalThis, {
  IDBCursor,
  IDBDatabase,
  IDBIndex,
  IDBKeyRange,
  IDBObjectStore,
  IDBRequest,
  IDBTransaction,
});

export { IDBDatabase, IDBFactory, forceCloseDatabase } from 'fake-indexeddb';
