'use strict';
/**
 * Preloaded (`NODE_OPTIONS=--require`) into every Node process the packaging test starts in the
 * consumer workspace (nx, its plugin workers, the executors, the agents, `stories`). A connection
 * to anything but this machine is refused and written to `STORIES_NETWORK_LOG`, so the test can
 * prove that, once installed, the plugin and Nx work without the network. Local sockets (Nx's
 * IPC between its processes) and loopback addresses stay allowed.
 */
const net = require('node:net');
const { appendFileSync } = require('node:fs');

const LOG = process.env.STORIES_NETWORK_LOG;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::']);

/** The target of a `Socket#connect` call, in any of its call forms (net.connect passes an array). */
function target(args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'string') return { path: first };
  if (typeof first === 'number') return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first };
  if (first && typeof first === 'object') return { path: first.path, host: first.host || 'localhost', port: first.port };
  return { host: 'localhost' };
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const { path, host, port } = target(args);
  if (path || LOCAL_HOSTS.has(host)) return connect.apply(this, args);
  const line = `${process.pid} ${process.argv.slice(1).join(' ')} -> ${host}:${port}`;
  if (LOG) appendFileSync(LOG, line + '\n');
  process.nextTick(() => this.destroy(new Error(`network access refused by the packaging test: ${host}:${port}`)));
  return this;
};
