/**
 * A plain static file server, as any web host is: files under a mount path, a MIME
 * type by extension, and no COOP/COEP or other special headers. The static-build
 * journey and `npm run bench:static` serve dist/ with it to check that the service
 * worker alone turns isolation on.
 *   npx tsx src/node/staticServer.ts [dir=dist] [mount=/salient/] [port=4180]
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticServerOptions {
  root: string;
  /** URL path the folder appears under, e.g. `/lab/salient/`. */
  mount?: string;
  port?: number;
  /** Replaces a file's bytes (tests: a new deployment of the same files). */
  override?: (path: string) => Buffer | undefined;
}

export async function serveStatic(options: StaticServerOptions): Promise<{ server: Server; url: string }> {
  const root = resolve(options.root);
  const mount = `/${(options.mount ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split(/[?#]/)[0]);
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    if (`${path}/` === mount) return void res.writeHead(301, { Location: mount }).end();
    if (!path.startsWith(mount)) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    let file = normalize(join(root, path.slice(mount.length)));
    if (file !== root && !file.startsWith(root + sep)) return void res.writeHead(404).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const replaced = options.override?.(file.slice(root.length + 1).split(sep).join('/'));
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': replaced?.length ?? statSync(file).size });
    if (req.method === 'HEAD') return void res.end();
    if (replaced) return void res.end(replaced);
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}${mount}` };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir = 'dist', mount = '/salient/', port = '4180'] = process.argv.slice(2);
  const { url } = await serveStatic({ root: dir, mount, port: Number(port) });
  console.log(`${dir} at ${url} (no COOP/COEP headers: the service worker adds them)`);
}
