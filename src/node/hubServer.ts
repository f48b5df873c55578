/**
 * Serves a folder of models in the Hugging Face hub's URL layout, so the one
 * hub code path in the app works against it: the dev server mounts it for
 * MODELS_DIR, and tests run it as a stand-in for huggingface.co.
 *   GET /<org>/<name>/resolve/<revision>/<file>         the file
 *   GET /api/models/<org>/<name>/tree/<revision>/<dir>  [{type, path, size}]
 *   GET /api/local-models                               [{id, name}] (for the model picker)
 * A model `<org>/<name>` is the folder `<root>/<name>` (any org) or `<root>/<org>/<name>`.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, normalize, resolve, sep } from 'node:path';

export interface HubHandlerOptions {
  root: string;
  /** Org shown for local models in /api/local-models. */
  org?: string;
  /** Called for every request it answers (tests count requests). */
  onRequest?: (url: string) => void;
  /** Send `Cross-Origin-Resource-Policy: cross-origin` (default true); false imitates a host with CORS only. */
  corp?: boolean;
}

export function hubHandler(options: HubHandlerOptions) {
  const root = resolve(options.root);
  const org = options.org ?? 'local';

  const modelDir = (owner: string, name: string): string | undefined => {
    for (const dir of [join(root, owner, name), join(root, name)]) {
      const inside = normalize(dir).startsWith(root + sep);
      if (inside && existsSync(join(dir, 'config.json'))) return dir;
    }
    return undefined;
  };

  return (req: IncomingMessage, res: ServerResponse, next?: () => void): void => {
    let url: string;
    try {
      url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    } catch {
      return json(res, 400, { error: 'Malformed URL' }); // a throw here would crash the standalone server
    }
    options.onRequest?.(url);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Length');
    if (options.corp !== false) res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();

    if (url === '/api/local-models') {
      const models = listModels(root).map((name) => ({ id: `${org}/${name}`, name }));
      return json(res, 200, models);
    }
    const tree = /^\/api\/models\/([^/]+)\/([^/]+)\/tree\/[^/]+\/?(.*)$/.exec(url);
    if (tree) {
      const dir = modelDir(tree[1], tree[2]);
      if (!dir) return json(res, 404, { error: 'Repository not found' });
      const sub = join(dir, tree[3]);
      const insideModel = sub === dir || normalize(sub).startsWith(dir + sep); // not a sibling folder sharing the name's prefix
      if (!insideModel || !existsSync(sub) || !statSync(sub).isDirectory()) return json(res, 404, { error: 'Entry not found' });
      const entries = readdirSync(sub).map((name) => {
        const stat = statSync(join(sub, name));
        const path = tree[3] ? `${tree[3].replace(/\/$/, '')}/${name}` : name;
        return stat.isDirectory() ? { type: 'directory', path } : { type: 'file', path, size: stat.size };
      });
      return json(res, 200, entries);
    }
    const file = /^\/([^/]+)\/([^/]+)\/resolve\/[^/]+\/(.+)$/.exec(url);
    if (file) {
      const dir = modelDir(file[1], file[2]);
      const path = dir && normalize(join(dir, file[3]));
      if (!dir || !path || !path.startsWith(dir + sep) || !existsSync(path) || !statSync(path).isFile()) {
        return json(res, 404, { error: dir ? 'Entry not found' : 'Repository not found' });
      }
      res.writeHead(200, { 'Content-Length': statSync(path).size, 'Content-Type': 'application/octet-stream' });
      createReadStream(path).pipe(res);
      return;
    }
    if (next) return next();
    json(res, 404, { error: 'Not found' });
  };
}

function listModels(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'config.json')))
    .sort();
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A standalone stand-in for huggingface.co on localhost (tests). */
export async function startHubServer(options: HubHandlerOptions & { port?: number }): Promise<{ server: Server; url: string }> {
  const server = createServer(hubHandler(options));
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { server, url: `http://127.0.0.1:${port}` };
}
