/**
 * The call in progress: this device's preview and one tile per participant. The list re-renders only
 * when someone is added; each tile only when its own participant changes (a volume tick re-renders the
 * speaker's tile, nothing else).
 */
import type { CallEngine } from 'headless-call-engine';
import { shallowEqual, useCallState, useParticipant } from 'headless-call-engine/react';
import { useEffect, useRef } from 'react';

const ignore = () => undefined;

export function CallView({ engine }: { engine: CallEngine }) {
  const ids = useCallState(engine, (s) => s.participants.map((p) => p.userID), shallowEqual);
  const { status, mediaType } = useCallState(
    engine,
    (s) => ({ status: s.status, mediaType: s.mediaType }),
    shallowEqual,
  );
  const preview = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The engine starts the camera for a video call; this only tells it where to draw the preview.
    if (mediaType === 'video' && preview.current) engine.openCamera(preview.current).catch(ignore);
  }, [engine, mediaType]);
  return (
    <section data-testid="call-view" data-media-type={mediaType}>
      <h2 data-testid="call-status">{status === 'calling' ? 'Calling…' : 'In call'}</h2>
      <ul className="tiles">
        <li className="tile" data-testid="local-preview">
          <div className="view" ref={preview} data-testid="local-view" />
          <span className="label">Me</span>
        </li>
        {ids.map((id) => (
          <Tile key={id} engine={engine} userID={id} />
        ))}
      </ul>
      <button
        type="button"
        className="danger"
        data-testid="hangup"
        onClick={() => engine.hangup().catch(ignore)}
      >
        Hang up
      </button>
    </section>
  );
}

function Tile({ engine, userID }: { engine: CallEngine; userID: string }) {
  const participant = useParticipant(engine, userID);
  const view = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Plays their camera whenever it is on, until the tile goes away.
    if (view.current) engine.startRemoteView(userID, view.current).catch(ignore);
    return () => void engine.stopRemoteView(userID).catch(ignore);
  }, [engine, userID]);
  return (
    <li
      className={`tile${(participant?.volume ?? 0) > 10 ? ' speaking' : ''}`}
      data-testid={`tile-${userID}`}
      data-status={participant?.status}
    >
      <div className="view" ref={view} data-testid={`remote-view-${userID}`} />
      <span className="label">
        {userID} · {participant?.status}
      </span>
    </li>
  );
}
