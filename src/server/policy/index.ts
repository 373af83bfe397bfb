/**
 * The policy module: who may do what (permissions.ts), and which records each principal reaches
 * (reach.ts, reach-checks.ts). Routes declare a policy; repositories add the reach conditions.
 */
export * from './permissions.ts';
export * from './principals.ts';
export * from './reach.ts';
export * from './reach-checks.ts';
