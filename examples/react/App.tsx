/**
 * The signed-in screen: what it shows is picked from the call status alone, so only a status change
 * re-renders it. The screens below select their own slices.
 */
import type { CallEngine, MediaType } from 'headless-call-engine';
import { shallowEqual, useCallEvent, useCallState } from 'headless-call-engine/react';
import { type FormEvent, useState } from 'react';
import { CallView } from './CallView';
import type { Session } from './main';

export function App({ engine, createGroup }: Session) {
  const status = useCallState(engine, (s) => s.status);
  const userID = useCallState(engine, (s) => s.userID);
  const [notice, setNotice] = useState('');
  useCallEvent(engine, 'callEnded', ({ reason }) => setNotice(`Call ended: ${reason}`));
  useCallEvent(engine, 'error', ({ message, code }) => setNotice(`${message} (${code})`));
  const live = status === 'calling' || status === 'accepted';
  return (
    <main data-testid="app" data-status={status}>
      <p className="muted">
        Signed in as <b data-testid="signed-in-as">{userID}</b>
      </p>
      {status === 'ringing' && <Incoming engine={engine} />}
      {live && <CallView engine={engine} />}
      {!live && status !== 'ringing' && <Home engine={engine} createGroup={createGroup} />}
      <p data-testid="notice">{notice}</p>
    </main>
  );
}

function Incoming({ engine }: { engine: CallEngine }) {
  const { callerId, scene, mediaType } = useCallState(
    engine,
    (s) => ({ callerId: s.callerId, scene: s.scene, mediaType: s.mediaType }),
    shallowEqual,
  );
  const fail = (e: Error) => console.warn(e.message);
  return (
    <section data-testid="incoming">
      <h2>
        <span data-testid="incoming-caller">{callerId}</span> is calling ({scene === 'group' ? 'group ' : ''}
        {mediaType})
      </h2>
      <button type="button" data-testid="accept" onClick={() => engine.accept().catch(fail)}>
        Accept
      </button>
      <button
        type="button"
        className="danger"
        data-testid="reject"
        onClick={() => engine.reject().catch(fail)}
      >
        Decline
      </button>
    </section>
  );
}

function Home({ engine, createGroup }: Session) {
  const [callee, setCallee] = useState('');
  const [members, setMembers] = useState('');
  const [error, setError] = useState('');
  const fail = (e: Error) => setError(e.message);
  const call = (mediaType: MediaType) => engine.call({ userID: callee.trim(), mediaType }).catch(fail);
  const groupCall = async (event: FormEvent) => {
    event.preventDefault();
    const me = engine.getSnapshot().userID;
    const userIDList = members.split(/[\s,]+/).filter((id) => id && id !== me);
    const groupID = `group-${me}-${Date.now().toString(36)}`;
    await createGroup(groupID, [me, ...userIDList]);
    await engine.groupCall({ groupID, userIDList, mediaType: 'video' });
  };
  return (
    <>
      <section>
        <h2>1v1 call</h2>
        <input
          data-testid="callee-input"
          placeholder="user"
          value={callee}
          onChange={(e) => setCallee(e.target.value)}
        />
        <button type="button" data-testid="call-video" onClick={() => call('video')}>
          Video
        </button>
        <button type="button" data-testid="call-audio" onClick={() => call('audio')}>
          Voice
        </button>
      </section>
      <form onSubmit={(e) => groupCall(e).catch(fail)}>
        <section>
          <h2>Group call</h2>
          <input
            data-testid="group-members-input"
            placeholder="users, comma separated"
            value={members}
            onChange={(e) => setMembers(e.target.value)}
          />
          <button type="submit" data-testid="group-call">
            Group video call
          </button>
        </section>
      </form>
      <p>{error}</p>
    </>
  );
}
