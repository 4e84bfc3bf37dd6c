/**
 * The React example: sign in with any name on the local call server, then call another tab (1v1) or
 * several (group). Every call-related read goes through `headless-call-engine/react`.
 */
import { type CallEngine, createCallEngine } from 'headless-call-engine';
import { connectLocalServer } from 'headless-call-engine/local';
import { type FormEvent, StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

export interface Session {
  readonly engine: CallEngine;
  createGroup(groupID: string, memberIDs: string[]): Promise<void>;
}

async function signIn(userID: string): Promise<Session> {
  // The example is served by the local call server, whose WebSocket shares the page's origin.
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
  const { chat, TRTC, sdkAppId, userSig } = await connectLocalServer({ url, userID });
  const engine = createCallEngine({ userID, chat, TRTC, sdkAppId, userSig });
  addEventListener('pagehide', () => void engine.destroy(), { once: true });
  return { engine, createGroup: async (id, members) => void (await chat.createGroup(id, members)) };
}

function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn(name.trim()).then(onSignedIn, (e: Error) => setError(e.message));
  };
  return (
    <form className="signin" onSubmit={submit}>
      <h1>headless-call-engine · React</h1>
      <input data-testid="signin-name" value={name} onChange={(e) => setName(e.target.value)} required />
      <button type="submit" data-testid="signin-submit">
        Sign in
      </button>
      <p>{error}</p>
    </form>
  );
}

function Root() {
  const [session, setSession] = useState<Session | null>(null);
  return session ? <App {...session} /> : <SignIn onSignedIn={setSession} />;
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
