/**
 * `npm start`: bundles the web demo, starts the local call server and serves the demo on
 * http://127.0.0.1:8080/ (env `PORT`, `HOST`). With `TENCENT_SDKAPPID` and `TENCENT_SECRETKEY` set, the
 * demo runs on Tencent Cloud instead (UserSigs minted here). Ctrl-C stops it cleanly.
 */
import { startDemo, tencentFromEnv } from './demo-server';

const port = process.env.PORT ? Number(process.env.PORT) : 8080;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${process.env.PORT}`);
  process.exit(2);
}
const host = process.env.HOST || '127.0.0.1';
const tencent = tencentFromEnv(process.env);
if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
  // Both modes hand out UserSigs to whoever asks: that is the demo's sign-in.
  console.warn(
    tencent
      ? `Warning: HOST=${host} lets anyone who reaches it mint UserSigs for any user of app ${tencent.sdkAppId}.`
      : `Warning: HOST=${host} lets anyone who reaches it get a UserSig (/usersig) and sign in as any user.`,
  );
}

const demo = await startDemo({ port, host, tencent });
console.log(
  [
    '',
    `  headless-call-engine web demo (${demo.mode === 'tencent' ? `Tencent Cloud, SDKAppID ${tencent?.sdkAppId}` : 'local call server'})`,
    '',
    `  Open ${demo.url} in two browser tabs, sign in as two different names, and call each other.`,
    '  Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  demo.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
