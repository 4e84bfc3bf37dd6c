import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/** The file under `root` a URL path names, or undefined when it would leave `root`. */
function fileOf(root: string, url: string | undefined): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const file = resolve(root, `.${path}`);
  return file === root || file.startsWith(root + sep) ? file : undefined;
}

/**
 * An HTTP handler serving the files of one directory (the browser demo), read-only: GET and HEAD, no
 * directory listings (`index.html` instead), nothing outside the directory. Without a directory, every
 * request is answered 404 with a line saying what this server is.
 */
export function createStaticHandler(
  dir: string | undefined,
): (req: IncomingMessage, res: ServerResponse) => void {
  const root = dir === undefined ? undefined : resolve(dir);
  return (req, res) => {
    if (root === undefined) {
      reply(res, 404, 'headless-call-engine local call server: connect with a WebSocket\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      reply(res, 405, 'method not allowed\n');
      return;
    }
    let file = fileOf(root, req.url);
    if (file === undefined) {
      reply(res, 400, 'bad path\n');
      return;
    }
    const send = async () => {
      if (file === undefined) return;
      const info = await stat(file).catch(() => undefined);
      if (info?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file).catch(() => undefined);
      if (body === undefined) {
        reply(res, 404, 'not found\n');
        return;
      }
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': body.byteLength,
        'cache-control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    send().catch(() => {
      if (!res.headersSent) reply(res, 500, 'internal error\n');
      else res.destroy();
    });
  };
}
