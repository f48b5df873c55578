import { startHubServer } from '../src/node/hubServer';
import { MODELS } from './fixtures';
process.on('uncaughtException', (e) => console.log('UNCAUGHT', e.message));
const { server, url } = await startHubServer({ root: MODELS });
for (const p of ['/api/models/x/tiny-bert-en/tree/main/config.json', '/x/tiny-bert-en/resolve/main/%E0%A4%A']) {
  try { const r = await fetch(url + p); console.log(p, r.status, (await r.text()).slice(0, 150)); } catch (e) { console.log(p, 'fetch failed', (e as Error).message); }
}
server.close();
