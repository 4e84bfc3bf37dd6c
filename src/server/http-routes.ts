import type { IncomingMessage, ServerResponse } from 'node:http';
import { createStaticHandler } from './static-files';
import type { Authenticator } from './user-sig';

/** The UserSig endpoint's path (`connectLocalServer` derives it from the WebSocket URL). */
export const USER_SIG_PATH = '/usersig';

/** Same limit as a `hello`'s userID. */
const MAX_USER_ID = 128;

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  // no-store: a UserSig is a credential and must not sit in a cache.
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * The server's HTTP side: `GET /usersig?userID=…` when the server issues UserSigs, the static files of
 * `staticDir` otherwise.
 */
export function createHttpHandler(
  staticDir: string | undefined,
  auth: Authenticator,
): (req: IncomingMessage, res: ServerResponse) => void {
  const serveStatic = createStaticHandler(staticDir);
  return (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      reply(res, 400, 'text/plain; charset=utf-8', 'bad path\n');
      return;
    }
    if (url.pathname !== USER_SIG_PATH) {
      serveStatic(req, res);
      return;
    }
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET');
      reply(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
      return;
    }
    const userID = url.searchParams.get('userID') ?? '';
    if (userID === '' || userID.length > MAX_USER_ID) {
      reply(res, 400, 'text/plain; charset=utf-8', `userID: 1 to ${MAX_USER_ID} characters\n`);
      return;
    }
    if (!auth.issuesOverHttp) {
      reply(res, 404, 'text/plain; charset=utf-8', 'this server does not issue UserSigs\n');
      return;
    }
    reply(res, 200, 'application/json; charset=utf-8', JSON.stringify(auth.mint(userID)));
  };
}
