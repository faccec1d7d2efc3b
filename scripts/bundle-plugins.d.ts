// Types of scripts/bundle-plugins.js, for the bench (bench/ink-floor.ts builds its program with them).
import type { Plugin } from 'esbuild';

export const requireBanner: string;
export function bundlePlugins(root: string): Plugin[];
