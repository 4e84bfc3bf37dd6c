/**
 * The web demo's server, used by `npm start` (scripts/start.ts) and the browser end-to-end tests.
 *
 * It bundles examples/web with esbuild (tsconfig `paths` map the package names to src/) and serves it:
 * - local mode (default): on the local call server's own HTTP port (`staticDir`), so the page and its
 *   WebSocket share one origin, and the page gets its UserSig from the server's `/usersig` endpoint
 *   (through `connectLocalServer`);
 * - Tencent mode (`tencent` option): on a plain HTTP server that also mints UserSigs at `/api/usersig`
 *   with `tls-sig-api-v2`. The SecretKey stays in this process; the page only ever sees signatures.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import tlsSig from 'tls-sig-api-v2';
import { createLocalCallServer } from '../src/server/index';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WEB = join(ROOT, 'examples', 'web');

/** Same rule as the demo's sign-in form: what Tencent Cloud accepts as a UserID. */
const USER_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface TencentOptions {
  sdkAppId: number;
  /** The application's SecretKey (console → application → basic info). Never sent to the page. */
  secretKey: string;
  /** Lifetime of minted UserSigs in seconds (default one day). */
  expireSeconds?: number;
}

export interface DemoOptions {
  /** TCP port (default 8080; 0 picks a free one). */
  port?: number;
  /** Interface to bind (default 127.0.0.1: only this machine). */
  host?: string;
  /** Tencent Cloud mode instead of the local call server. */
  tencent?: TencentOptions;
}

export interface RunningDemo {
  readonly mode: 'local' | 'tencent';
  /** The page to open, e.g. http://127.0.0.1:8080/ */
  readonly url: string;
  readonly port: number;
  /** Stops the servers and deletes the bundle. Idempotent. */
  close(): Promise<void>;
}

/** Reads the Tencent settings from the environment: both variables set, or neither. */
export function tencentFromEnv(env: NodeJS.ProcessEnv): TencentOptions | undefined {
  const id = env.TENCENT_SDKAPPID;
  const key = env.TENCENT_SECRETKEY;
  if (!id && !key) return undefined;
  const sdkAppId = Number(id);
  if (!Number.isSafeInteger(sdkAppId) || sdkAppId <= 0 || !key) {
    throw new Error('Set both TENCENT_SDKAPPID (a positive integer) and TENCENT_SECRETKEY, or neither');
  }
  return { sdkAppId, secretKey: key };
}

/** Bundles the demo into `outDir`: index.html, style.css, demo-config.json, app/*.js. */
export async function buildDemo(outDir: string, config: object): Promise<void> {
  await build({
    entryPoints: [join(WEB, 'main.ts')],
    outdir: join(outDir, 'app'),
    bundle: true,
    // Splitting keeps the Tencent SDKs (dynamic imports) in chunks the local demo never loads.
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'warning',
  });
  await Promise.all([
    writeFile(join(outDir, 'index.html'), await readFile(join(WEB, 'index.html'))),
    writeFile(join(outDir, 'style.css'), await readFile(join(WEB, 'style.css'))),
    writeFile(join(outDir, 'demo-config.json'), JSON.stringify(config)),
  ]);
}

/** Builds and serves the demo; resolves once it listens. */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  const outDir = await mkdtemp(join(tmpdir(), 'hce-web-demo-'));
  const removeBundle = () => rm(outDir, { recursive: true, force: true });
  try {
    if (options.tencent) {
      const config = { mode: 'tencent', sdkAppId: options.tencent.sdkAppId, sigPath: '/api/usersig' };
      await buildDemo(outDir, config);
      const files = await loadFiles(outDir);
      await removeBundle();
      return await serveTencent(files, options.tencent, host, port);
    }
    await buildDemo(outDir, { mode: 'local', wsPath: '/' });
    const server = await createLocalCallServer({ host, port, staticDir: outDir });
    let closing: Promise<void> | undefined;
    return {
      mode: 'local',
      url: `http://${displayHost(host)}:${server.port}/`,
      port: server.port,
      close: () => {
        closing ??= server.close().then(removeBundle);
        return closing;
      },
    };
  } catch (error) {
    await removeBundle();
    throw error;
  }
}

/** Every file of the bundle, keyed by URL path. */
async function loadFiles(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(`/${relative(dir, path).split(sep).join('/')}`, await readFile(path));
  }
  files.set('/', files.get('/index.html') ?? Buffer.alloc(0));
  return files;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The Tencent-mode HTTP server: the bundle from memory plus the UserSig endpoint. */
async function serveTencent(
  files: Map<string, Buffer>,
  tencent: TencentOptions,
  host: string,
  port: number,
): Promise<RunningDemo> {
  const api = new tlsSig.Api(tencent.sdkAppId, tencent.secretKey);
  const expire = tencent.expireSeconds ?? 86_400;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed\n');
    if (url.pathname === '/api/usersig') {
      const userID = url.searchParams.get('userID') ?? '';
      if (!USER_ID.test(userID))
        return send(res, 400, 'text/plain', 'userID: 1-32 letters, digits, _ or -\n');
      const body = JSON.stringify({ sdkAppId: tencent.sdkAppId, userSig: api.genSig(userID, expire) });
      return send(res, 200, TYPES['.json'] as string, body);
    }
    const file = files.get(url.pathname);
    if (file === undefined) return send(res, 404, 'text/plain', 'not found\n');
    send(res, 200, TYPES[extname(url.pathname)] ?? (TYPES['.html'] as string), file);
  };
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    mode: 'tencent',
    url: `http://${displayHost(host)}:${actual}/`,
    port: actual,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  // no-store: a UserSig must not be cached, and a rebuilt bundle must not be stale.
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/** A URL host for printing: a wildcard bind is reached as localhost; IPv6 needs brackets. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
