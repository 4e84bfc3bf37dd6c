/**
 * `headless-call-engine/testing`: a deterministic simulator for scripting calls in app tests — the
 * real engine and adapters on the in-memory local backend, driven by a virtual clock.
 */
export {
  createSimulation,
  type SimUser,
  type Simulation,
  type SimulationOptions,
  type TimelineEntry,
} from './simulation';
export { flushMicrotasks, VirtualClock } from './virtual-clock';
