/**
 * `headless-call-engine/network-policy`: the opt-in weak-network policy. Pass
 * `networkPolicy: weakNetworkPolicy()` to `createCallEngine` to hear `networkWeak` / `networkRecovered`
 * and lower the camera profile while a link is poor; apps that do not need it do not carry it.
 */
export {
  type NetworkPolicy,
  type NetworkPolicyFactory,
  type NetworkPolicyHooks,
  WeakNetworkPolicy,
  type WeakNetworkPolicyOptions,
  weakNetworkPolicy,
} from './engine/network-policy';
