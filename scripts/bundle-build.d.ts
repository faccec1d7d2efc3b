// Types of scripts/bundle-build.js, for the bench (bench/ink-floor.ts builds its program with it).
import type { BuildResult } from 'esbuild';

export function buildOneFile(options: { root: string; entry: string; outfile: string; minify?: boolean; banner?: string }): Promise<BuildResult>;
