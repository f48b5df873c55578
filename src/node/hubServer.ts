/**
 * Serves a folder of models in the Hugging Face hub's URL layout, so the one
 * hub code path in the app works against it: the dev server mounts it for
 * MODELS_DIR, and tests run it as a stand-in for huggingface.co.
 *   GET /<org>/<name>/resolve/<revision>/<file>         the file
 *   GET /api/models/<org>/<name>/tree/<revision>/<dir>  [{type, path, size}]
 *   GET /api/local-models                               [{id, name}] (for the model picker)
 * A model `<org>/<name>` is the folder `<root>/<name>` (any org) or `<root>/<org>/<name>`.
 *
 * Safety: every path is resolved to its real path (symlinks followed) and must stay inside
 * the root; broken symlinks are skipped, never thrown; CORS headers are sent only when asked
 * (the test stand-in, a separate origin), never by the dev server, so other pages open in the
 * browser cannot list or download the local models.
 */
import { createReadStream, existsSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, normalize, resolve, sep } from 'node:path';

export interface HubHandlerOptions {
  root: string;
  /** Org shown for local models in /api/local-models. */
  org?: string;
  /** Called for every request it answers (tests count requests). */
  onRequest?: (url: string) => void;
  /** Let any origin read the answers (a stand-in for huggingface.co on another port). Off for the dev server. */
  cors?: boolean;
  /** With `cors`: send `Cross-Origin-Resource-Policy: cross-origin` (default true); false imitates a host with CORS only. */
  corp?: boolean;
}

/** The real path of `path` when it exists inside `root` (a real path), else undefined: broken links and links out are refused. */
function realInside(root: string, path: string): string | undefined {
  try {
    const real = realpathSync(path);
    return real === root || real.startsWith(root + sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

export function hubHandler(options: HubHandlerOptions) {
  const root = realOrResolved(options.root);
  const org = options.org ?? 'local';

  const modelDir = (owner: string, name: string): string | undefined => {
    for (const dir of [join(root, owner, name), join(root, name)]) {
      if (!normalize(dir).startsWith(root + sep)) continue;
      const real = realInside(root, dir);
      if (real && realInside(root, join(real, 'config.json'))) return real;
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
    if (options.cors) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', 'Content-Length');
      if (options.corp !== false) res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    }
    try {
      answer(url, res, next);
    } catch (error) {
      // Nothing a request does may take the server down (a file vanishing mid-request, a permission).
      if (!res.headersSent) json(res, 500, { error: (error as Error).message });
      else res.destroy();
    }
  };

  function answer(url: string, res: ServerResponse, next?: () => void): void {
    if (url === '/api/local-models') {
      const models = listModels(root).map((name) => ({ id: `${org}/${name}`, name }));
      return json(res, 200, models);
    }
    const tree = /^\/api\/models\/([^/]+)\/([^/]+)\/tree\/[^/]+\/?(.*)$/.exec(url);
    if (tree) {
      const dir = modelDir(tree[1], tree[2]);
      if (!dir) return json(res, 404, { error: 'Repository not found' });
      const joined = join(dir, tree[3]);
      const sub = joined === dir || normalize(joined).startsWith(dir + sep) ? realInside(root, joined) : undefined; // not a sibling folder sharing the name's prefix
      if (!sub || !statOf(sub)?.isDirectory()) return json(res, 404, { error: 'Entry not found' });
      const entries = readdirSync(sub).flatMap((name) => {
        const real = realInside(root, join(sub, name));
        const stat = real && statOf(real);
        if (!stat) return []; // a broken link, or one leading out of the models folder
        const path = tree[3] ? `${tree[3].replace(/\/$/, '')}/${name}` : name;
        return [stat.isDirectory() ? { type: 'directory', path } : { type: 'file', path, size: stat.size }];
      });
      return json(res, 200, entries);
    }
    const file = /^\/([^/]+)\/([^/]+)\/resolve\/[^/]+\/(.+)$/.exec(url);
    if (file) {
      const dir = modelDir(file[1], file[2]);
      const joined = dir && normalize(join(dir, file[3]));
      const path = joined && joined.startsWith(dir + sep) ? realInside(root, joined) : undefined;
      const stat = path && statOf(path);
      if (!path || !stat || !stat.isFile()) return json(res, 404, { error: dir ? 'Entry not found' : 'Repository not found' });
      res.writeHead(200, { 'Content-Length': stat.size, 'Content-Type': 'application/octet-stream' });
      createReadStream(path)
        .on('error', () => res.destroy())
        .pipe(res);
      return;
    }
    if (next) return next();
    json(res, 404, { error: 'Not found' });
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(resolve(path));
  } catch {
    return resolve(path);
  }
}

function listModels(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => realInside(root, join(root, name, 'config.json')))
    .sort();
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A standalone stand-in for huggingface.co on localhost (tests). */
export async function startHubServer(options: HubHandlerOptions & { port?: number }): Promise<{ server: Server; url: string }> {
  const server = createServer(hubHandler({ cors: true, ...options }));
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { server, url: `http://127.0.0.1:${port}` };
}
