/**
 * `npm run demo`: a scripted 1v1 video call on the embedded local backend. alice calls bob, bob's
 * device rings, bob accepts, alice switches to audio, bob hangs up. Prints the timeline of states and
 * events of both devices. Runs on a virtual clock, so it is instant and the same every time.
 */
import type { CallSnapshot } from 'headless-call-engine';
import { createSimulation, type SimUser } from 'headless-call-engine/testing';

const sim = createSimulation({ latencyMs: 40 });
const alice = sim.user('alice');
const bob = sim.user('bob');

const seconds = (ms: number) => `+${(ms / 1000).toFixed(3).padStart(7)}s`;
const pad = (s: string, n: number) => s.padEnd(n);

function describeState(s: CallSnapshot): string {
  const peers = s.participants.map(
    (p) => `${p.userID}:${p.status}${p.videoAvailable ? '+video' : ''}${p.audioAvailable ? '+audio' : ''}`,
  );
  const end = s.endReason ? ` reason=${s.endReason}` : '';
  return `${pad(s.status, 8)} ${s.mediaType}${s.role ? ` as ${s.role}` : ''}${end}  [${peers.join(' ')}]`;
}

function trace(user: SimUser): void {
  let last = '';
  user.subscribe((s) => {
    const line = describeState(s);
    if (line === last) return;
    last = line;
    console.log(`${seconds(sim.clock.now())}  ${pad(user.userID, 6)} state  ${line}`);
  });
  for (const name of [
    'callReceived',
    'callAccepted',
    'mediaTypeChanged',
    'userAccepted',
    'userJoined',
    'userLeft',
    'userVideoAvailable',
    'userAudioAvailable',
    'callEnded',
    'warning',
    'error',
  ] as const) {
    user.on(name, (payload) => {
      const { callId: _id, ...rest } = payload as Record<string, unknown>;
      console.log(
        `${seconds(sim.clock.now())}  ${pad(user.userID, 6)} event  ${pad(name, 18)} ${JSON.stringify(rest)}`,
      );
    });
  }
}

function step(text: string): void {
  console.log(`\n${seconds(sim.clock.now())}  ── ${text}`);
}

trace(alice);
trace(bob);
await sim.advance(100); // both devices log in

step('alice calls bob (video)');
const { callId } = await sim.run(
  alice.call({ userID: 'bob', mediaType: 'video', userData: 'hello from alice' }),
);
console.log(`${seconds(sim.clock.now())}  call id ${callId}`);

await sim.advance(3000);
step('bob accepts after 3 s of ringing');
await sim.run(bob.accept());
await sim.advance(10_000);

step('alice switches the call to audio');
await sim.run(alice.switchCallMediaType('audio'));
await sim.advance(20_000);

step('bob hangs up');
await sim.run(bob.hangup());
await sim.advance(1000);

const ended = [alice, bob].map((u) => {
  const e = u.events('callEnded')[0]?.payload;
  return `${u.userID}: ${e?.reason} after ${((e?.durationMs ?? 0) / 1000).toFixed(1)} s`;
});
console.log(`\ncall over — ${ended.join(', ')}`);
await sim.destroy();
