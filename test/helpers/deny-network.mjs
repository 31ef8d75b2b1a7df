// Preloaded with `node --import` to make any network use by leak fail loudly:
// sockets, DNS and fetch all throw and print a marker the test looks for.
import dns from 'node:dns';
import net from 'node:net';

function deny(what) {
  process.stderr.write(`NETWORK-ATTEMPT ${what}\n`);
  throw new Error(`network access attempted: ${what}`);
}

net.Socket.prototype.connect = function connect() {
  deny('net.Socket.connect');
};
dns.lookup = () => deny('dns.lookup');
dns.resolve = () => deny('dns.resolve');
dns.promises.lookup = async () => deny('dns.promises.lookup');
globalThis.fetch = async () => deny('fetch');
